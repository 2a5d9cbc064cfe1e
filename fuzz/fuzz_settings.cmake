# Settings of the fuzz build (DQ_FUZZ=ON, preset `fuzz`), included by the top-level CMakeLists.txt before
# bot/: every library is instrumented for libFuzzer's coverage (fuzzer-no-link) plus ASan and UBSan; only the
# fuzz executables link libFuzzer itself (fuzz/CMakeLists.txt). Any UBSan report aborts, so libFuzzer counts
# it as a crash and keeps the input.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "DQ_FUZZ needs clang (libFuzzer is part of clang): use `cmake --preset fuzz`, which "
                      "sets clang++-14 (Debian packages clang-14 and libclang-rt-14-dev)")
endif()
target_compile_options(dq_settings INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                              -fno-sanitize-recover=all -fno-omit-frame-pointer)
target_link_options(dq_settings INTERFACE -fsanitize=address,undefined)

# Clang before 16 cannot use GCC 12's <expected>: the header needs P0848 (a destructor chosen by its
# constraints), which clang 14 lacks, so it hides std::expected unless __cpp_concepts >= 202002L, and with that
# forced it picks the defaulted, deleted destructor. The fix is a copy of the very same header with the one
# construct clang 14 cannot handle removed: the defaulted destructor goes, the constrained one loses its
# constraint (it destroys whichever member is active, which is right for trivial types too). The copy is made
# at configure time into the build directory and found before the system header; nothing else changes.
if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
  execute_process(COMMAND ${CMAKE_COMMAND} -E echo "#include <expected>"
                  COMMAND ${CMAKE_CXX_COMPILER} -std=c++2b -E -x c++ -
                  OUTPUT_VARIABLE _dq_pp RESULT_VARIABLE _dq_rc ERROR_QUIET)
  string(REGEX MATCH "# 1 \"([^\"]*/expected)\"" _dq_match "${_dq_pp}")
  if(NOT _dq_rc EQUAL 0 OR NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "fuzz: cannot find the standard library's <expected> for ${CMAKE_CXX_COMPILER}")
  endif()
  set(_dq_header "${CMAKE_MATCH_1}")
  file(READ "${_dq_header}" _dq_text)
  # Each edit must change the text, else the header is not the one this workaround knows: stop loudly.
  function(_dq_edit regex replacement)
    string(REGEX REPLACE "${regex}" "${replacement}" _dq_edited "${_dq_text}")
    if(_dq_edited STREQUAL _dq_text)
      message(FATAL_ERROR "fuzz: ${_dq_header} is not the GCC 12 <expected> fuzz_settings.cmake patches "
                          "(no match for ${regex})")
    endif()
    set(_dq_text "${_dq_edited}" PARENT_SCOPE)
  endfunction()
  _dq_edit("__cpp_concepts >= 202002L" "1")
  _dq_edit("constexpr ~expected\\(\\) = default;" "")
  _dq_edit("requires \\(!is_trivially_destructible_v<_Tp>\\)[ \t\n]*\\|\\| \\(!is_trivially_destructible_v<_Er>\\)" "")
  _dq_edit("~expected\\(\\) requires \\(!is_trivially_destructible_v<_Er>\\)" "~expected()")
  file(WRITE ${PROJECT_BINARY_DIR}/fuzz-compat/expected "${_dq_text}")
  target_include_directories(dq_settings SYSTEM BEFORE INTERFACE ${PROJECT_BINARY_DIR}/fuzz-compat)
endif()

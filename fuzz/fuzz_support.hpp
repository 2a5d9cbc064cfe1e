#pragma once
// Shared by the fuzz targets: the input as text, and a check that aborts (a crash to libFuzzer, a failed
// test to the standalone driver) when a parser breaks a promise its header makes.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace dq::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Aborts with `what` when `ok` is false. Not assert(): it must hold in every build type.
inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
  std::abort();
}

}  // namespace dq::fuzz

// The libFuzzer entry point every target defines; declared here so the standalone driver can call it.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

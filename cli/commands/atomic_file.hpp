#pragma once
// Writing a file that readers only ever see whole: a temp file beside it, flushed (fsync), then renamed over
// it. A failed write leaves an old file as it was. Used by `run --junit FILE` and `export --out FILE`.

#include <string>
#include <string_view>

#include "bot/core/error.hpp"

namespace dq::cli {

// Errors carry `code`, name `path`, and say what failed with `what` ("the JUnit file") and the OS's reason.
core::Result<void> write_file_atomically(const std::string& path, std::string_view data, core::ErrorCode code,
                                         std::string_view what);

}  // namespace dq::cli

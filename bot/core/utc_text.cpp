#include "bot/core/utc_text.hpp"

#include <ctime>

namespace dq::core {

std::string utc_text(std::int64_t epoch_ms, const char* format) {
  const auto secs = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace dq::core

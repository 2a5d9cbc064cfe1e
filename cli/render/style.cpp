#include "cli/render/style.hpp"

#include <cstdio>

namespace dq::render {

std::string check_place(int turn) {
  return turn > 0 ? "turn " + std::to_string(turn) : turn == 0 ? "debrief" : "conversation";
}

std::string format_duration_us(std::int64_t us) {
  char buf[32];
  if (us < 1000) {
    std::snprintf(buf, sizeof buf, "%lld µs", static_cast<long long>(us));
  } else if (us < 1'000'000) {
    std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(us) / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(us) / 1e6);
  }
  return buf;
}

std::string format_usd(double usd) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", usd);
  return buf;
}

std::string format_count(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

std::string pad(std::string s, std::size_t width) {
  std::size_t columns = 0;  // UTF-8 characters, so "µs" and "✗" take one column each
  for (const char c : s) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (columns < width) s.append(width - columns, ' ');
  return s;
}

}  // namespace dq::render

#include "bot/core/ids.hpp"

#include <cstdio>
#include <ctime>
#include <random>

namespace dq::core {
namespace {

std::uint64_t next_random() {
  thread_local std::uint64_t state = [] {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }();
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void put_hex(char* out, std::uint64_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = digits[v & 0xf];
}

}  // namespace

std::string TraceId::hex() const {
  std::string s(32, '0');
  put_hex(s.data(), hi);
  put_hex(s.data() + 16, lo);
  return s;
}

std::string SpanId::hex() const {
  if (!valid()) return {};
  std::string s(16, '0');
  put_hex(s.data(), value);
  return s;
}

// The high 48 bits of a trace id are the wall-clock millisecond it was made (as AWS X-Ray and UUIDv7 do),
// the other 80 bits random. Stores index traces and spans by trace id; ids that grow with time land at the
// end of those b-trees instead of at random pages, which makes batched inserts several times cheaper.
// (Not used for timing: durations come from the injected Clock.)
TraceId new_trace_id(std::int64_t wall_ms) {
  return {(static_cast<std::uint64_t>(wall_ms) << 16) | (next_random() & 0xffff), next_random() | 1};
}

SpanId new_span_id() {
  SpanId id;
  do {
    id.value = next_random();
  } while (!id.valid());
  return id;
}

std::string new_run_id(std::int64_t wall_ms) {
  std::time_t secs = static_cast<std::time_t>(wall_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ-%06llx", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<unsigned long long>(next_random() & 0xffffff));
  return buf;
}

}  // namespace dq::core

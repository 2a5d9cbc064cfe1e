#include "bot/trace/log.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <mutex>

#include "bot/trace/trace_context.hpp"

namespace dq::log {
namespace {

std::mutex g_mutex;
std::FILE* g_sink = stderr;
std::atomic<int> g_min_level{static_cast<int>(Level::info)};

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

const char* level_name(Level l) {
  switch (l) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

std::string format_line(Level level, std::string_view event, const Fields& fields,
                        std::string_view timestamp) {
  std::string out = "{\"ts\":";
  append_json_string(out, timestamp);
  out += ",\"level\":";
  append_json_string(out, level_name(level));
  out += ",\"event\":";
  append_json_string(out, event);
  auto given = [&](std::string_view key) {
    return std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
  };
  auto add = [&](std::string_view key, std::string_view value) {
    if (value.empty() || given(key)) return;
    out += ',';
    append_json_string(out, key);
    out += ':';
    append_json_string(out, value);
  };
  if (const trace::TaskContext* ctx = trace::current_context(); ctx != nullptr && ctx->trace_id.valid()) {
    add("trace", ctx->trace_id.hex());
    if (ctx->current.valid()) add("span", ctx->current.hex());
    if (ctx->attrs) {
      add("user", ctx->attrs->user_id);
      add("chat", ctx->attrs->chat_id);
      add("scenario", ctx->attrs->scenario);
    }
    add("step", std::string_view(ctx->step.data()));
  }
  for (const auto& [key, value] : fields) {
    out += ',';
    append_json_string(out, key);
    out += ':';
    append_json_string(out, value);
  }
  out += '}';
  return out;
}

void write(Level level, std::string_view event, const Fields& fields) {
  if (static_cast<int>(level) < g_min_level.load(std::memory_order_relaxed)) return;
  std::string line = format_line(level, event, fields, now_utc());
  line += '\n';
  std::lock_guard lock(g_mutex);
  if (g_sink == nullptr) return;
  std::fwrite(line.data(), 1, line.size(), g_sink);
  std::fflush(g_sink);
}

void set_sink(std::FILE* sink) {
  std::lock_guard lock(g_mutex);
  g_sink = sink;
}

void set_min_level(Level level) {
  g_min_level.store(static_cast<int>(level), std::memory_order_relaxed);
}

std::string fingerprint(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a 64
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "len=%zu fnv=%016llx", text.size(), static_cast<unsigned long long>(h));
  return buf;
}

std::string redacted(const core::Error& error) {
  core::Error shown = error;
  shown.detail.clear();
  std::string out = shown.to_string();
  if (!error.detail.empty()) out += " (detail " + fingerprint(error.detail) + ")";
  return out;
}

}  // namespace dq::log

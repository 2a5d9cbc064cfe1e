#include "bot/cassette/cassette.hpp"

#include <limits>
#include <optional>

#include "bot/cassette/cassette_errors.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

enum class Kind { string, integer, object, list, any };

const char* expected(Kind kind) {
  switch (kind) {
    case Kind::string:
      return "expected a string";
    case Kind::integer:
      return "expected an integer";
    case Kind::object:
      return "expected an object";
    case Kind::list:
      return "expected a list";
    case Kind::any:
      break;
  }
  return "";
}

bool is(const json& j, Kind kind) {
  switch (kind) {
    case Kind::string:
      return j.is_string();
    case Kind::integer:
      return j.is_number_integer();
    case Kind::object:
      return j.is_object();
    case Kind::list:
      return j.is_array();
    case Kind::any:
      return true;
  }
  return false;
}

std::string join(const std::string& at, std::string_view key) {
  return at.empty() ? std::string(key) : at + "." + std::string(key);
}

// Reads checked fields and keeps the first problem, named by its JSON path ("interactions[2].order").
class Reader {
 public:
  explicit Reader(const std::string& file) : file_(file) {}

  // obj[key] when present and of the right kind; nullptr otherwise (a missing optional field is no error).
  const json* get(const json& obj, const std::string& at, const char* key, Kind kind, bool required = true) {
    if (failed()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail(join(at, key), "missing");
      return nullptr;
    }
    if (!is(*it, kind)) {
      fail(join(at, key), expected(kind));
      return nullptr;
    }
    return &*it;
  }

  std::string text(const json& obj, const std::string& at, const char* key, bool required = true) {
    const json* j = get(obj, at, key, Kind::string, required);
    return j ? j->get<std::string>() : std::string();
  }

  std::int64_t integer(const json& obj, const std::string& at, const char* key, std::int64_t min,
                       std::int64_t max, bool required = true) {
    const json* j = get(obj, at, key, Kind::integer, required);
    if (j == nullptr) return 0;
    const bool too_big = j->is_number_unsigned() && j->get<std::uint64_t>() > static_cast<std::uint64_t>(max);
    const auto v = too_big ? max : j->get<std::int64_t>();
    if (too_big || v < min || v > max)
      fail(join(at, key), "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return v;
  }

  std::map<std::string, std::string> headers(const json& obj, const std::string& at) {
    std::map<std::string, std::string> out;
    const json* h = get(obj, at, "headers", Kind::object, false);
    if (h == nullptr) return out;
    for (const auto& [name, value] : h->items()) {
      if (!value.is_string()) {
        fail(join(join(at, "headers"), name), "expected a string");
        return out;
      }
      out[name] = value.get<std::string>();
    }
    return out;
  }

  void fail(const std::string& at, const std::string& what) {
    if (!error_)
      error_ = core::Error{errc::invalid, file_, at + ": " + what + " (fix the file, or re-record it)"};
  }
  bool failed() const { return error_.has_value(); }
  core::Error error() const { return *error_; }

 private:
  const std::string& file_;
  std::optional<core::Error> error_;
};

constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

Interaction read_interaction(Reader& r, const json& j, const std::string& at) {
  Interaction in;
  in.provider = r.text(j, at, "provider");
  in.method = r.text(j, at, "method");
  in.path = r.text(j, at, "path");
  in.order = static_cast<int>(r.integer(j, at, "order", 0, kIntMax));
  const std::string req_at = join(at, "request"), resp_at = join(at, "response");
  if (const json* req = r.get(j, at, "request", Kind::object)) {
    in.request_headers = r.headers(*req, req_at);
    if (const json* body = r.get(*req, req_at, "body", Kind::any)) in.request_body = *body;
  }
  if (const json* resp = r.get(j, at, "response", Kind::object)) {
    in.status = static_cast<int>(r.integer(*resp, resp_at, "status", 100, 599));
    in.response_headers = r.headers(*resp, resp_at);
    if (const json* body = r.get(*resp, resp_at, "body", Kind::any)) in.response_body = *body;
  }
  if (const json* usage = r.get(j, at, "usage", Kind::object, false)) {
    in.input_tokens = r.integer(*usage, join(at, "usage"), "input_tokens", 0, kInt64Max, false);
    in.output_tokens = r.integer(*usage, join(at, "usage"), "output_tokens", 0, kInt64Max, false);
  }
  in.latency_ms = r.integer(j, at, "latency_ms", 0, kInt64Max, false);
  in.recorded_at = r.text(j, at, "recorded_at", false);
  return in;
}

}  // namespace

core::Result<Cassette> parse_cassette(std::string_view text, const std::string& file) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    // Not only parse_error: a number that overflows a double ("1e999") is out_of_range (406), which used to
    // escape and end the program (found by fuzz/cassette_fuzz.cpp).
    return core::fail(errc::invalid, file, std::string("not valid JSON: ") + e.what());
  }
  Reader r(file);
  if (!doc.is_object()) return core::fail(errc::invalid, file, "expected a JSON object at the top level");
  const std::int64_t version = r.integer(doc, "", "format_version", 0, kIntMax);
  if (r.failed()) return std::unexpected(r.error());
  if (version > kFormatVersion)
    return core::fail(errc::too_new, file,
                      "format_version " + std::to_string(version) +
                          " was written by a newer dealquest-test (this one reads " +
                          std::to_string(kOldestSupportedVersion) + " to " + std::to_string(kFormatVersion) +
                          "); update dealquest-test or re-record");
  if (version < kOldestSupportedVersion)
    return core::fail(errc::invalid, file,
                      "format_version: " + std::to_string(version) + " is older than this build reads (" +
                          std::to_string(kOldestSupportedVersion) + "); re-record the scenario");
  Cassette c;
  c.format_version = static_cast<int>(version);
  c.scenario = r.text(doc, "", "scenario");
  if (doc.contains("recorded_with")) c.recorded_with = r.text(doc, "", "recorded_with");
  const json* list = r.get(doc, "", "interactions", Kind::list);
  for (std::size_t i = 0; list != nullptr && i < list->size() && !r.failed(); ++i) {
    const std::string at = "interactions[" + std::to_string(i) + "]";
    const json& j = (*list)[i];
    if (!j.is_object()) {
      r.fail(at, "expected an object");
      break;
    }
    c.interactions.push_back(read_interaction(r, j, at));
  }
  if (r.failed()) return std::unexpected(r.error());
  return c;
}

std::string serialize_cassette(const Cassette& c) {
  json doc;  // nlohmann::json objects are sorted maps: the key order is stable
  doc["format_version"] = c.format_version;
  doc["scenario"] = c.scenario;
  doc["recorded_with"] = c.recorded_with;
  json& list = doc["interactions"] = json::array();
  for (const auto& in : c.interactions) {
    list.push_back(
        {{"provider", in.provider},
         {"method", in.method},
         {"path", in.path},
         {"order", in.order},
         {"request", {{"headers", in.request_headers}, {"body", in.request_body}}},
         {"response", {{"status", in.status}, {"headers", in.response_headers}, {"body", in.response_body}}},
         {"usage", {{"input_tokens", in.input_tokens}, {"output_tokens", in.output_tokens}}},
         {"latency_ms", in.latency_ms},
         {"recorded_at", in.recorded_at}});
  }
  // Invalid UTF-8 from a provider must not make saving throw: it is written as U+FFFD.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace dq::cassette

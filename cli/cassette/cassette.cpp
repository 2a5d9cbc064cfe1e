#include "cli/cassette/cassette.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dq::cassette {
namespace {

using nlohmann::json;

core::Error invalid(const std::string& file, const std::string& at, const std::string& what) {
  return {"cassette.invalid", file, at + ": " + what + " (re-record the scenario, or fix the file by hand)"};
}

// Reads `key` of `obj` as T, or returns an error naming the JSON path.
template <class T>
core::Result<T> field(const json& obj, const char* key, const std::string& at, const std::string& file, const char* type) {
  auto it = obj.find(key);
  const std::string path = at + "." + key;
  if (it == obj.end()) return std::unexpected(invalid(file, path, "missing"));
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return std::unexpected(invalid(file, path, std::string("expected ") + type));
  } else {
    if (!it->is_number_integer()) return std::unexpected(invalid(file, path, std::string("expected ") + type));
  }
  return it->get<T>();
}

core::Result<std::map<std::string, std::string>> headers(const json& obj, const std::string& at, const std::string& file) {
  std::map<std::string, std::string> out;
  auto it = obj.find("headers");
  if (it == obj.end()) return out;
  if (!it->is_object()) return std::unexpected(invalid(file, at + ".headers", "expected an object"));
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string()) return std::unexpected(invalid(file, at + ".headers." + k, "expected a string"));
    out[k] = v.get<std::string>();
  }
  return out;
}

}  // namespace

core::Result<Cassette> parse_cassette(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::unexpected(invalid(file, "$", "not a JSON object"));
  auto version = field<int>(doc, "format_version", "$", file, "an integer");
  if (!version) return std::unexpected(version.error());
  if (*version > kFormatVersion)
    return core::fail("cassette.too_new", file,
                      "format_version " + std::to_string(*version) + " was written by a newer dealquest (this one reads " +
                          std::to_string(kOldestSupportedVersion) + ".." + std::to_string(kFormatVersion) + ")");
  if (*version < kOldestSupportedVersion) return std::unexpected(invalid(file, "$.format_version", "too old; re-record"));
  Cassette c;
  c.format_version = *version;
  auto scenario = field<std::string>(doc, "scenario", "$", file, "a string");
  if (!scenario) return std::unexpected(scenario.error());
  c.scenario = *scenario;
  c.recorded_with = doc.value("recorded_with", "");
  auto list = doc.find("interactions");
  if (list == doc.end() || !list->is_array()) return std::unexpected(invalid(file, "$.interactions", "expected a list"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& j = (*list)[i];
    const std::string at = "$.interactions[" + std::to_string(i) + "]";
    if (!j.is_object()) return std::unexpected(invalid(file, at, "expected an object"));
    Interaction in;
    auto provider = field<std::string>(j, "provider", at, file, "a string");
    auto path = field<std::string>(j, "path", at, file, "a string");
    auto order = field<int>(j, "order", at, file, "an integer");
    if (!provider) return std::unexpected(provider.error());
    if (!path) return std::unexpected(path.error());
    if (!order) return std::unexpected(order.error());
    in.provider = *provider;
    in.path = *path;
    in.order = *order;
    in.method = j.value("method", "POST");
    auto req = j.find("request");
    auto resp = j.find("response");
    if (req == j.end() || !req->is_object() || !req->contains("body"))
      return std::unexpected(invalid(file, at + ".request", "expected an object with a body"));
    if (resp == j.end() || !resp->is_object() || !resp->contains("body"))
      return std::unexpected(invalid(file, at + ".response", "expected an object with a body"));
    auto status = field<int>(*resp, "status", at + ".response", file, "an integer");
    if (!status) return std::unexpected(status.error());
    auto rq_headers = headers(*req, at + ".request", file);
    auto rs_headers = headers(*resp, at + ".response", file);
    if (!rq_headers) return std::unexpected(rq_headers.error());
    if (!rs_headers) return std::unexpected(rs_headers.error());
    in.request_headers = std::move(*rq_headers);
    in.request_body = (*req)["body"];
    in.status = *status;
    in.response_headers = std::move(*rs_headers);
    in.response_body = (*resp)["body"];
    if (auto u = j.find("usage"); u != j.end() && u->is_object()) {
      in.input_tokens = u->value("input_tokens", 0);
      in.output_tokens = u->value("output_tokens", 0);
    }
    in.latency_ms = j.value("latency_ms", 0);
    in.recorded_at = j.value("recorded_at", "");
    c.interactions.push_back(std::move(in));
  }
  return c;
}

std::string serialize_cassette(const Cassette& c) {
  json doc;  // nlohmann::json objects keep keys sorted: stable, reviewable diffs
  doc["format_version"] = c.format_version;
  doc["scenario"] = c.scenario;
  doc["recorded_with"] = c.recorded_with;
  json& list = doc["interactions"] = json::array();
  for (const auto& in : c.interactions) {
    list.push_back({{"provider", in.provider},
                    {"method", in.method},
                    {"path", in.path},
                    {"order", in.order},
                    {"request", {{"headers", in.request_headers}, {"body", in.request_body}}},
                    {"response", {{"status", in.status}, {"headers", in.response_headers}, {"body", in.response_body}}},
                    {"usage", {{"input_tokens", in.input_tokens}, {"output_tokens", in.output_tokens}}},
                    {"latency_ms", in.latency_ms},
                    {"recorded_at", in.recorded_at}});
  }
  return doc.dump(2) + "\n";
}

core::Result<Cassette> load_cassette(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail("cassette.not_found", path, "no recording here");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_cassette(ss.str(), path);
}

core::Result<void> save_cassette(const std::string& path, const Cassette& c, const Redactor& redactor) {
  const std::string text = serialize_cassette(c);
  if (auto found = redactor.find_secrets(text); !found.empty())
    return core::fail("cassette.secret_found", path,
                      "refusing to save: it still contains " + found.front() + "; nothing was written");
  const std::filesystem::path target(path);
  std::error_code ec;
  if (!target.parent_path().empty()) std::filesystem::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return core::fail("cassette.io", path, "cannot create " + tmp);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return core::fail("cassette.io", path, "could not write the recording (the previous file, if any, is intact)");
  }
  return {};
}

std::string cassette_path(const std::string& dir, const std::string& scenario_id) {
  return (std::filesystem::path(dir) / (scenario_id + ".json")).string();
}

}  // namespace dq::cassette

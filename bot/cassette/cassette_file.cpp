// Loading and the atomic, secret-checked save of cassettes (declared in cassette.hpp).

#include <unistd.h>

#include <filesystem>
#include <optional>

#include "bot/cassette/cassette.hpp"
#include "bot/cassette/cassette_errors.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

struct Leak {
  std::string at;       // JSON path
  std::string pattern;  // the pattern's name, never the secret
};

// The first string (object key or value) in which the redactor still finds a secret.
std::optional<Leak> find_leak(const json& j, const std::string& at, const Redactor& redactor) {
  auto check = [&](const std::string& s, const std::string& where) -> std::optional<Leak> {
    auto found = redactor.find_secrets(s);
    if (found.empty()) return std::nullopt;
    return Leak{where, found.front()};
  };
  if (j.is_string()) return check(j.get_ref<const std::string&>(), at);
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      const std::string child = at.empty() ? key : at + "." + key;
      if (auto leak = check(key, child + " (the key)")) return leak;
      if (auto leak = find_leak(value, child, redactor)) return leak;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto leak = find_leak(j[i], at + "[" + std::to_string(i) + "]", redactor)) return leak;
  }
  return std::nullopt;
}

}  // namespace

core::Result<Cassette> load_cassette(const std::string& path, FileSystem& fs) {
  auto text = fs.read(path);
  if (!text) return std::unexpected(text.error());
  return parse_cassette(*text, path);
}

core::Result<void> save_cassette(const std::string& path, const Cassette& cassette, const Redactor& redactor,
                                 FileSystem& fs) {
  const std::string text = serialize_cassette(cassette);
  // Walk the values for the JSON path; the scan of the raw text below is the backstop the file itself gets.
  if (auto leak = find_leak(json::parse(text), "", redactor))
    return core::fail(
        errc::secret_found, path,
        "refusing to save: " + leak->at + " still contains " + leak->pattern + "; nothing was written");
  if (auto found = redactor.find_secrets(text); !found.empty())
    return core::fail(errc::secret_found, path,
                      "refusing to save: the file would contain " + found.front() + "; nothing was written");

  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto written = fs.create_directories(std::filesystem::path(path).parent_path().string());
  if (written) written = fs.write_synced(tmp, text);
  if (written) written = fs.replace(tmp, path);
  if (!written) {
    fs.remove(tmp);
    core::Error e = written.error();
    e.message += " (the previous recording, if any, is intact)";
    return std::unexpected(std::move(e));
  }
  return {};
}

std::string cassette_path(const std::string& dir, const std::string& scenario_id) {
  return (std::filesystem::path(dir) / (scenario_id + ".json")).string();
}

}  // namespace dq::cassette

// The file side of scenario_parser.hpp: load_scenario_file and load_scenarios.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

#include "bot/scenario/scenario_errors.hpp"
#include "bot/scenario/scenario_parser.hpp"
#include "bot/scenario/source_text.hpp"

namespace dq::scenario {
namespace fs = std::filesystem;

namespace {

core::Error file_error(std::string code, const fs::path& path, std::string message) {
  return core::Error{std::move(code), path.string(), std::move(message)};
}

std::unexpected<std::vector<core::Error>> fail_file(std::string code, const fs::path& path,
                                                    std::string message) {
  return std::unexpected(std::vector{file_error(std::move(code), path, std::move(message))});
}

bool is_yaml_name(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// The scenario files a path names, in load order; problems with the path itself go to `errors`.
std::vector<fs::path> files_of(const std::string& arg, std::vector<core::Error>& errors) {
  const fs::path path(arg);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    if (ec && ec != std::errc::no_such_file_or_directory) {
      errors.push_back(file_error(errc::io, path, "cannot look at this path: " + ec.message()));
    } else {
      // A relative path is looked up from the current directory: say which, so "where am I?" has an answer.
      std::error_code cwd_ec;
      const fs::path cwd = path.is_relative() ? fs::current_path(cwd_ec) : fs::path();
      errors.push_back(file_error(errc::not_found, path,
                                  cwd.empty() ? std::string("no such file or directory")
                                              : "no such file or directory in " + cwd.string()));
    }
    return {};
  }
  if (!fs::is_directory(status)) return {path};

  std::vector<fs::path> found;
  fs::directory_iterator it(path, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (is_yaml_name(it->path()) && it->is_regular_file(type_ec)) found.push_back(it->path());
  }
  if (ec) {
    errors.push_back(file_error(errc::io, path, "cannot list the directory: " + ec.message()));
    return {};
  }
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  });
  return found;
}

}  // namespace

std::expected<Scenario, std::vector<core::Error>> load_scenario_file(const fs::path& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return fail_file(errc::io, path, "cannot look at this file: " + ec.message());
    }
    return fail_file(errc::not_found, path, "no such file");
  }
  if (fs::is_directory(status)) return fail_file(errc::io, path, "is a directory, not a scenario file");
  if (!fs::is_regular_file(status)) return fail_file(errc::io, path, "is not a regular file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return fail_file(errc::io, path, "cannot read the file size: " + ec.message());
  const auto too_large = [&](std::uintmax_t bytes) {
    return fail_file(errc::too_large, path,
                     "the file is " + std::to_string(bytes) + " bytes; a scenario file may be at most " +
                         std::to_string(detail::kMaxScenarioBytes) + " bytes (1 MiB)");
  };
  if (size > detail::kMaxScenarioBytes) return too_large(size);

  std::ifstream in(path, std::ios::binary);
  if (!in) return fail_file(errc::io, path, std::string("cannot open the file: ") + std::strerror(errno));
  // Read at most one byte past the limit: the file may have grown since it was measured.
  std::string text(detail::kMaxScenarioBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return fail_file(errc::io, path, "cannot read the file");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > detail::kMaxScenarioBytes) return too_large(text.size());
  return parse_scenario(text, path.string());
}

LoadResult load_scenarios(const std::vector<std::string>& paths) {
  LoadResult result;
  std::set<fs::path> seen;                   // canonical paths, so a file named twice loads once
  std::map<std::string, std::string> id_at;  // id -> where the first file defines it
  for (const std::string& arg : paths) {
    for (const fs::path& file : files_of(arg, result.errors)) {
      std::error_code ec;
      const fs::path canonical = fs::weakly_canonical(file, ec);
      if (!seen.insert(ec ? file : canonical).second) continue;
      result.files.push_back(file.string());
      auto loaded = load_scenario_file(file);
      if (!loaded) {
        result.errors.insert(result.errors.end(), loaded.error().begin(), loaded.error().end());
        continue;
      }
      const std::string here = loaded->id_where.to_string();
      if (auto [first, inserted] = id_at.emplace(loaded->id, here); !inserted) {
        result.errors.push_back(core::Error{errc::duplicate_id, here,
                                            "duplicate id '" + loaded->id + "': already used by " +
                                                first->second +
                                                "; ids must be unique across the files loaded together"});
        continue;
      }
      result.scenarios.push_back(std::move(*loaded));
    }
  }
  return result;
}

}  // namespace dq::scenario

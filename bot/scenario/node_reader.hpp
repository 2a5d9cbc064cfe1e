#pragma once
// Internal to dq_scenario (includes yaml-cpp; never include it from a public header). Typed, strict reads of
// a yaml-cpp tree that collect every problem as a core::Error with file:line:column, instead of throwing, so
// one pass reports all mistakes in a file.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/error.hpp"
#include "bot/scenario/scenario.hpp"
#include "bot/scenario/scenario_errors.hpp"
#include "bot/scenario/source_text.hpp"

namespace dq::scenario::detail {

// A node found in the tree, with its path for messages ("turns[0].expect.contains", "" for the root) and the
// mark of the key that names it (a null value has no useful mark of its own: yaml-cpp points past it).
struct Field {
  YAML::Node node;
  std::string path;
  std::optional<YAML::Mark> key_mark;
};

// The entries of a checked mapping, in file order.
class MapView {
 public:
  MapView(Field self, std::vector<std::pair<std::string, Field>> entries)
      : self_(std::move(self)), entries_(std::move(entries)) {}

  const Field& self() const { return self_; }
  const std::vector<std::pair<std::string, Field>>& entries() const { return entries_; }
  std::optional<Field> get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }

 private:
  Field self_;
  std::vector<std::pair<std::string, Field>> entries_;
};

class NodeReader {
 public:
  // Past this many problems in one file, more are dropped: hostile files must not produce unbounded output.
  static constexpr std::size_t kMaxErrors = 100;

  // `root_name` is how messages name the whole document ("unknown key 'x' in scenario"); the bot's config
  // reader passes "config file bot.yaml".
  explicit NodeReader(const SourceText& source, std::string root_name = "scenario")
      : source_(source), root_name_(std::move(root_name)) {}

  SourceLocation where(const YAML::Mark& mark) const { return source_.at(mark.line, mark.column); }
  SourceLocation where(const YAML::Node& node) const { return where(node.Mark()); }
  // The value's own location, or its key's when the value is null.
  SourceLocation where(const Field& field) const;
  // The location to blame for something missing inside `field`: its key when it has one.
  SourceLocation where_key(const Field& field) const;

  // A mapping whose keys are strings, each given once and, unless `allowed` is empty, one of `allowed`.
  // Unknown keys are reported (with a suggestion) and left out of the view.
  std::optional<MapView> map(const Field& field, std::initializer_list<std::string_view> allowed);
  // The value of `key`, or scenario.missing reported at the mapping.
  std::optional<Field> require(const MapView& map, std::string_view key);

  std::optional<std::vector<Field>> sequence(const Field& field);
  std::optional<std::string> string(const Field& field);
  // A list of strings; with `single_allowed`, a lone string is taken as a list of one. `string_fields` keeps
  // each string's node, for errors about one element.
  std::optional<std::vector<Field>> string_fields(const Field& field, bool single_allowed);
  std::optional<std::vector<std::string>> strings(const Field& field, bool single_allowed);
  std::optional<std::int64_t> integer(const Field& field);
  std::optional<double> number(const Field& field);
  // "20%" or "20": a percentage from 0 to `max`.
  std::optional<double> percent(const Field& field, double max);
  std::optional<bool> boolean(const Field& field);

  void report(std::string code, const SourceLocation& at, std::string message);
  void invalid(const Field& field, std::string message) {
    report(errc::invalid_value, where(field), std::move(message));
  }

  bool has_errors() const { return !errors_.empty(); }
  // All problems, in file order (line, then column; ties keep the order they were found in).
  std::vector<core::Error> take_errors();

 private:
  void type_error(const Field& field, std::string_view expected);
  // describe_path() with this reader's name for the root.
  std::string name_of(const std::string& path) const { return path.empty() ? root_name_ : path; }

  const SourceText& source_;
  std::string root_name_;
  struct Found {
    SourceLocation at;
    core::Error error;
  };
  std::vector<Found> errors_;
};

// A user-written value cut to a length that fits in a message.
std::string shorten(const std::string& text);

// "'turns[0].user'" for messages; the root is "scenario".
std::string describe_path(const std::string& path);
std::string child_path(const std::string& parent, std::string_view key);

}  // namespace dq::scenario::detail

#include "bot/scenario/node_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "bot/core/suggest.hpp"
#include "bot/scenario/scenario_errors.hpp"

namespace dq::scenario::detail {
namespace {

// A plain scalar, or one with a core-schema tag (`!!int 5`): the only scalars that may be read as numbers or
// booleans. Quoted scalars ("5") and `!!str` are strings, whatever they look like.
bool is_plain(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  if (tag == "?") return true;
  return tag.starts_with("tag:yaml.org,2002:") && tag != "tag:yaml.org,2002:str";
}

// How a node is named in "expected X, got Y".
std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "null";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      break;
  }
  if (!is_plain(node)) return "the quoted string \"" + shorten(node.Scalar()) + "\"";
  return "'" + shorten(node.Scalar()) + "'";
}

bool looks_like_integer(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool looks_like_number(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t mantissa = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

}  // namespace

std::optional<Field> MapView::get(std::string_view key) const {
  for (const auto& [name, field] : entries_) {
    if (name == key) return field;
  }
  return std::nullopt;
}

std::string shorten(const std::string& text) {
  constexpr std::size_t kMax = 40;
  if (text.size() <= kMax) return text;
  std::size_t cut = kMax;  // never split a UTF-8 sequence
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

std::string describe_path(const std::string& path) {
  return path.empty() ? "scenario" : path;
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

SourceLocation NodeReader::where(const Field& field) const {
  if (field.node.IsNull() && field.key_mark) return where(*field.key_mark);
  return where(field.node);
}

SourceLocation NodeReader::where_key(const Field& field) const {
  return field.key_mark ? where(*field.key_mark) : where(field.node);
}

void NodeReader::report(std::string code, const SourceLocation& at, std::string message) {
  if (errors_.size() >= kMaxErrors) return;
  errors_.push_back({at, core::Error{std::move(code), at.to_string(), std::move(message)}});
}

void NodeReader::type_error(const Field& field, std::string_view expected) {
  report(errc::type, where(field),
         "expected " + std::string(expected) + " for '" + name_of(field.path) + "', got " +
             describe(field.node));
}

std::vector<core::Error> NodeReader::take_errors() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const Found& a, const Found& b) {
    return std::pair(a.at.line, a.at.column) < std::pair(b.at.line, b.at.column);
  });
  std::vector<core::Error> out;
  out.reserve(errors_.size());
  for (auto& found : errors_) out.push_back(std::move(found.error));
  errors_.clear();
  return out;
}

std::optional<MapView> NodeReader::map(const Field& field, std::initializer_list<std::string_view> allowed) {
  if (!field.node.IsMap()) {
    type_error(field, "a mapping");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, Field>> entries;
  std::map<std::string, YAML::Mark, std::less<>> seen;
  for (const auto& entry : field.node) {  // by value from yaml-cpp's iterator; `entry` extends its life
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      report(errc::type, where(key),
             "expected a string key in " + name_of(field.path) + ", got " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    if (auto first = seen.find(name); first != seen.end()) {
      report(errc::syntax, where(key),
             "duplicate key '" + shorten(name) + "' in " + name_of(field.path) + " (first given at line " +
                 std::to_string(where(first->second).line) + "); a key may appear once in a mapping");
      continue;
    }
    seen.emplace(name, key.Mark());
    if (allowed.size() != 0 && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string expected;
      std::vector<std::string> names;
      for (std::string_view candidate : allowed) {
        expected += (expected.empty() ? "" : ", ") + std::string(candidate);
        names.emplace_back(candidate);
      }
      std::string message =
          "unknown key '" + shorten(name) + "' in " + name_of(field.path) + "; expected one of: " + expected;
      message += core::did_you_mean(name, names);
      report(errc::unknown_key, where(key), std::move(message));
      continue;
    }
    entries.emplace_back(name, Field{entry.second, child_path(field.path, name), key.Mark()});
  }
  return MapView(field, std::move(entries));
}

std::optional<Field> NodeReader::require(const MapView& map, std::string_view key) {
  if (auto found = map.get(key)) return found;
  report(errc::missing, where_key(map.self()),
         "missing required key '" + std::string(key) + "' in " + name_of(map.self().path));
  return std::nullopt;
}

std::optional<std::vector<Field>> NodeReader::sequence(const Field& field) {
  if (!field.node.IsSequence()) {
    type_error(field, "a list");
    return std::nullopt;
  }
  std::vector<Field> items;
  items.reserve(field.node.size());
  std::size_t index = 0;
  for (const YAML::Node& item : field.node) {
    items.push_back(Field{item, field.path + "[" + std::to_string(index++) + "]", std::nullopt});
  }
  return items;
}

std::optional<std::string> NodeReader::string(const Field& field) {
  if (!field.node.IsScalar()) {
    type_error(field, "a string");
    return std::nullopt;
  }
  return field.node.Scalar();
}

std::optional<std::vector<Field>> NodeReader::string_fields(const Field& field, bool single_allowed) {
  if (single_allowed && field.node.IsScalar()) return std::vector<Field>{field};
  if (!field.node.IsSequence()) {
    type_error(field, single_allowed ? "a string or a list of strings" : "a list of strings");
    return std::nullopt;
  }
  auto items = sequence(field);
  bool ok = true;
  for (const Field& item : *items) ok = string(item).has_value() && ok;
  if (!ok) return std::nullopt;
  return items;
}

std::optional<std::vector<std::string>> NodeReader::strings(const Field& field, bool single_allowed) {
  auto items = string_fields(field, single_allowed);
  if (!items) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(items->size());
  for (const Field& item : *items) out.push_back(item.node.Scalar());
  return out;
}

std::optional<std::int64_t> NodeReader::integer(const Field& field) {
  if (!field.node.IsScalar() || !is_plain(field.node) || !looks_like_integer(field.node.Scalar())) {
    type_error(field, "an integer");
    return std::nullopt;
  }
  std::string_view text = field.node.Scalar();
  if (text.starts_with('+')) text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    invalid(field, "'" + name_of(field.path) + "' is out of range: " + shorten(field.node.Scalar()));
    return std::nullopt;
  }
  return value;
}

std::optional<double> NodeReader::percent(const Field& field, double max) {
  const std::string bad =
      "expected a percentage such as 20% or 20 (" +
      (max >= 1e6 ? std::string("0 or more") : "0 to " + std::to_string(std::lround(max))) + ")";
  if (!field.node.IsScalar()) {
    invalid(field, bad);
    return std::nullopt;
  }
  std::string_view text = field.node.Scalar();
  if (text.ends_with('%')) text.remove_suffix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(value >= 0) || value > max) {
    invalid(field, bad + ", got '" + shorten(field.node.Scalar()) + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<double> NodeReader::number(const Field& field) {
  if (field.node.IsScalar() && is_plain(field.node)) {
    const std::string& text = field.node.Scalar();
    if (text == ".inf" || text == "-.inf" || text == "+.inf" || text == ".nan" || text == ".NaN" ||
        text == ".Inf" || text == "-.Inf") {
      invalid(field, "'" + name_of(field.path) + "' must be a finite number, got " + text);
      return std::nullopt;
    }
    if (looks_like_number(text)) {
      std::string_view digits = text;
      if (digits.starts_with('+')) digits.remove_prefix(1);
      double value = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (ec == std::errc() && end == digits.data() + digits.size() && std::isfinite(value)) return value;
      invalid(field, "'" + name_of(field.path) + "' is out of range: " + shorten(text));
      return std::nullopt;
    }
  }
  type_error(field, "a number");
  return std::nullopt;
}

std::optional<bool> NodeReader::boolean(const Field& field) {
  if (field.node.IsScalar() && is_plain(field.node)) {
    const std::string& text = field.node.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  type_error(field, "a boolean (true or false)");
  return std::nullopt;
}

}  // namespace dq::scenario::detail

#include "bot/cassette/json_diff.hpp"

#include <algorithm>

namespace dq::cassette {
namespace {

using nlohmann::json;

constexpr std::size_t kExcerpt = 120;  // characters of a value shown
constexpr std::size_t kLeadIn = 30;    // characters shown before the first difference

void walk(const json& a, const json& b, const std::string& at, std::vector<JsonDifference>& out) {
  if (a.is_object() && b.is_object()) {
    auto ia = a.begin();
    auto ib = b.begin();
    while (ia != a.end() || ib != b.end()) {  // both sorted by key: merge
      const bool take_a = ib == b.end() || (ia != a.end() && ia.key() < ib.key());
      const bool take_b = ia == a.end() || (ib != b.end() && ib.key() < ia.key());
      const std::string& key = take_a ? ia.key() : ib.key();
      const std::string child = at.empty() ? key : at + "." + key;
      if (take_a) {
        out.push_back({child, &*ia++, nullptr});
      } else if (take_b) {
        out.push_back({child, nullptr, &*ib++});
      } else {
        walk(*ia++, *ib++, child, out);
      }
    }
  } else if (a.is_array() && b.is_array()) {
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
      const std::string child = at + "[" + std::to_string(i) + "]";
      if (i >= b.size()) {
        out.push_back({child, &a[i], nullptr});
      } else if (i >= a.size()) {
        out.push_back({child, nullptr, &b[i]});
      } else {
        walk(a[i], b[i], child, out);
      }
    }
  } else if (a != b) {
    out.push_back({at, &a, &b});
  }
}

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::size_t first_difference(const json* a, const json* b) {
  if (a == nullptr || b == nullptr || !a->is_string() || !b->is_string()) return 0;
  const auto& x = a->get_ref<const std::string&>();
  const auto& y = b->get_ref<const std::string&>();
  return static_cast<std::size_t>(
      std::mismatch(x.begin(), x.begin() + std::min(x.size(), y.size()), y.begin()).first - x.begin());
}

// ~kExcerpt characters of `v` from shortly before byte `from`, cut on UTF-8 character boundaries.
std::string excerpt(const json* v, std::size_t from) {
  if (v == nullptr) return "(absent)";
  const std::string s =
      v->is_string() ? v->get<std::string>() : v->dump(-1, ' ', false, json::error_handler_t::replace);
  std::size_t start = from > kLeadIn ? from - kLeadIn : 0;
  while (start > 0 && start < s.size() && continuation(s[start])) --start;
  std::size_t end = std::min(s.size(), start + kExcerpt);
  while (end < s.size() && continuation(s[end])) ++end;
  std::string out = start > 0 ? "…" : "";
  for (std::size_t i = start; i < end; ++i) {
    if (s[i] == '\n') {
      out += "\\n";
    } else {
      out += s[i];
    }
  }
  if (end < s.size()) out += "…";
  return out;
}

}  // namespace

std::vector<JsonDifference> json_differences(const json& recorded, const json& requested) {
  std::vector<JsonDifference> out;
  walk(recorded, requested, "", out);
  return out;
}

std::string describe(const JsonDifference& d, const std::string& indent) {
  const std::size_t from = first_difference(d.recorded, d.requested);
  return indent + "- recorded:  " + excerpt(d.recorded, from) + "\n" + indent +
         "+ requested: " + excerpt(d.requested, from);
}

}  // namespace dq::cassette

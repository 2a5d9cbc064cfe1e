#include "cli/cassette/matcher.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

void erase_path(json& j, const std::string& dotted) {
  json* node = &j;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = dotted.find('.', start);
    const std::string part = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(part)) return;
    if (dot == std::string::npos) {
      node->erase(part);
      return;
    }
    node = &(*node)[part];
    start = dot + 1;
  }
}

std::string excerpt(const json& v, std::size_t from = 0) {
  std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  if (from > 0 && from < s.size()) s = "…" + s.substr(from > 20 ? from - 20 : 0);
  if (s.size() > 120) s = s.substr(0, 120) + "…";
  for (auto& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// Where two strings first differ, so a long prompt's change is shown, not its unchanged start.
std::size_t first_difference(const json& a, const json& b) {
  if (!a.is_string() || !b.is_string()) return 0;
  const auto& x = a.get_ref<const std::string&>();
  const auto& y = b.get_ref<const std::string&>();
  std::size_t i = 0;
  while (i < x.size() && i < y.size() && x[i] == y[i]) ++i;
  return i;
}

}  // namespace

json Matcher::canonical(json body, const std::vector<std::string>& ignored) {
  for (const auto& p : ignored) erase_path(body, p);
  return body;
}

Matcher::Matcher(const Cassette& cassette, MatchOptions options) : cassette_(cassette), options_(std::move(options)) {
  for (const auto& in : cassette_.interactions) {
    canonical_.push_back(canonical(in.request_body, options_.ignored_paths));
    keys_.push_back(key(in.provider, in.method, in.path, canonical_.back()));
    used_.push_back(false);
  }
}

std::string Matcher::key(const std::string& provider, const std::string& method, const std::string& path,
                         const json& body) const {
  return provider + " " + method + " " + path + " " + body.dump();
}

core::Result<const Interaction*> Matcher::next(const std::string& provider, const std::string& method,
                                               const std::string& path, const json& body) {
  const json canon = canonical(body, options_.ignored_paths);
  const std::string k = key(provider, method, path, canon);
  const int repeat = seen_[k]++;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == k && cassette_.interactions[i].order == repeat) {
      used_[i] = true;
      return &cassette_.interactions[i];
    }
  }
  return core::fail("cassette.no_match", "", describe_miss(provider, path, canon, repeat));
}

std::string Matcher::describe_miss(const std::string& provider, const std::string& path, const json& body, int repeat) const {
  std::string out = "no recorded " + provider + " " + path + " request matches";
  if (repeat > 0) out += " (this identical request was made " + std::to_string(repeat + 1) + " times)";
  std::ptrdiff_t best = -1;
  std::size_t best_ops = 0;
  for (std::size_t i = 0; i < canonical_.size(); ++i) {
    const auto& in = cassette_.interactions[i];
    if (in.provider != provider || in.path != path) continue;
    const std::size_t ops = json::diff(canonical_[i], body).size();
    if (best < 0 || ops < best_ops) best = static_cast<std::ptrdiff_t>(i), best_ops = ops;
  }
  if (best < 0) return out + "; the cassette has no request to " + provider + " " + path;
  const json& recorded = canonical_[static_cast<std::size_t>(best)];
  out += "; closest recorded (interaction " + std::to_string(best) + ") differs at:";
  for (const auto& op : json::diff(recorded, body)) {
    const std::string at = op["path"].get<std::string>();
    const json::json_pointer ptr(at);
    const json* old_value = recorded.contains(ptr) ? &recorded.at(ptr) : nullptr;
    const json* new_value = body.contains(ptr) ? &body.at(ptr) : nullptr;
    const std::size_t from = old_value && new_value ? first_difference(*old_value, *new_value) : 0;
    out += "\n    " + at;
    out += "\n      - recorded:  " + (old_value ? excerpt(*old_value, from) : std::string("(absent)"));
    out += "\n      + requested: " + (new_value ? excerpt(*new_value, from) : std::string("(absent)"));
  }
  return out + "\n  re-record with: dealquest-test run --live --record missing";
}

std::vector<const Interaction*> Matcher::unused() const {
  std::vector<const Interaction*> out;
  for (std::size_t i = 0; i < used_.size(); ++i)
    if (!used_[i]) out.push_back(&cassette_.interactions[i]);
  return out;
}

}  // namespace dq::cassette

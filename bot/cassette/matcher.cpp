#include "bot/cassette/matcher.hpp"

#include <algorithm>

#include "bot/cassette/cassette_errors.hpp"
#include "bot/cassette/json_diff.hpp"

namespace dq::cassette {
namespace {

using nlohmann::json;

constexpr std::size_t kShownDifferences = 10;

// Removes the dotted path; an object left empty by the removal goes too, so a body whose only metadata was
// the ignored user id matches one without metadata.
bool erase_path(json& node, std::string_view dotted) {
  if (!node.is_object()) return false;
  const std::size_t dot = dotted.find('.');
  auto it = node.find(std::string(dotted.substr(0, dot)));
  if (it == node.end()) return false;
  const bool erased = dot == std::string_view::npos || erase_path(*it, dotted.substr(dot + 1));
  if (erased && (dot == std::string_view::npos || (it->is_object() && it->empty()))) node.erase(it);
  return erased;
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string joined(const std::string& provider, const std::string& method, const std::string& path,
                   const json& canonical_body) {
  return provider + " " + method + " " + path + " " + dump(canonical_body);
}

std::string plural(std::size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

json Matcher::canonical(json body, const std::vector<std::string>& ignored_paths) {
  for (const auto& p : ignored_paths) erase_path(body, p);
  return body;
}

std::string Matcher::identity(const MatchKey& key, const std::vector<std::string>& ignored_paths) {
  return joined(key.provider, key.method, key.path, canonical(key.body, ignored_paths));
}

Matcher::Matcher(const Cassette& cassette, MatchOptions options)
    : cassette_(cassette), options_(std::move(options)) {
  for (const auto& in : cassette_.interactions) {
    canonical_.push_back(canonical(in.request_body, options_.ignored_paths));
    identities_.push_back(joined(in.provider, in.method, in.path, canonical_.back()));
    used_.push_back(false);
  }
}

void Matcher::mark_used(const Interaction& recorded) {
  for (std::size_t i = 0; i < cassette_.interactions.size(); ++i)
    if (&cassette_.interactions[i] == &recorded) used_[i] = true;
}

core::Result<const Interaction*> Matcher::next(const MatchKey& key) {
  const std::string id = identity(key, options_.ignored_paths);
  const int repeat = seen_[id]++;
  for (std::size_t i = 0; i < identities_.size(); ++i) {
    if (identities_[i] == id && cassette_.interactions[i].order == repeat) {
      used_[i] = true;
      return &cassette_.interactions[i];
    }
  }
  const auto recorded = static_cast<std::size_t>(std::count(identities_.begin(), identities_.end(), id));
  // The closest recording and the diff quote the request, and so what the user typed: detail, not message.
  return core::fail(errc::no_match, "",
                    "no recorded request matches " + key.provider + " " + key.method + " " + key.path,
                    describe_miss(key, canonical(key.body, options_.ignored_paths), repeat, recorded));
}

std::vector<const Interaction*> Matcher::unused() const {
  std::vector<const Interaction*> out;
  for (std::size_t i = 0; i < used_.size(); ++i)
    if (!used_[i]) out.push_back(&cassette_.interactions[i]);
  return out;
}

std::string Matcher::describe_miss(const MatchKey& key, const json& body, int repeat,
                                   std::size_t recorded) const {
  std::string out;
  // Closest: same provider and path, fewest differing JSON paths; among equals an unused one, then the first.
  std::ptrdiff_t best = -1;
  std::size_t best_score = 0;
  std::vector<JsonDifference> best_diff;
  for (std::size_t i = 0; i < canonical_.size(); ++i) {
    const auto& in = cassette_.interactions[i];
    if (in.provider != key.provider || in.path != key.path) continue;
    auto diff = json_differences(canonical_[i], body);
    const std::size_t score = diff.size() + (in.method != key.method ? 1 : 0);
    const bool better = best < 0 || score < best_score ||
                        (score == best_score && !used_[i] && used_[static_cast<std::size_t>(best)]);
    if (better) best = static_cast<std::ptrdiff_t>(i), best_score = score, best_diff = std::move(diff);
  }
  if (best < 0)
    return out + "\n  the cassette has no request to " + key.provider + " " + key.path + " at all (it has " +
           plural(cassette_.interactions.size(), "interaction") + ")";
  const auto& closest = cassette_.interactions[static_cast<std::size_t>(best)];
  if (best_score == 0) {
    out += "\n  this identical request was made " + plural(static_cast<std::size_t>(repeat) + 1, "time") +
           "; the cassette recorded it " + plural(recorded, "time") + " (closest recorded: interaction " +
           std::to_string(best) + ", order " + std::to_string(closest.order) + ")";
  } else {
    out += "\n  closest recorded: interaction " + std::to_string(best) + " (order " +
           std::to_string(closest.order) + "), it differs at " + plural(best_score, "path") + ":";
    if (closest.method != key.method)
      out += "\n    (method)\n      - recorded:  " + closest.method + "\n      + requested: " + key.method;
    for (std::size_t i = 0; i < best_diff.size() && i < kShownDifferences; ++i) {
      const auto& d = best_diff[i];
      out += "\n    " + (d.path.empty() ? std::string("(the whole body)") : d.path) + "\n" +
             describe(d, "      ");
    }
    if (best_diff.size() > kShownDifferences)
      out += "\n    … and " + std::to_string(best_diff.size() - kShownDifferences) + " more";
  }
  return out +
         "\n  re-record with: dealquest-test run --live --record missing (it calls the real providers and "
         "costs money; `dealquest-test cassettes check` shows how much)";
}

}  // namespace dq::cassette

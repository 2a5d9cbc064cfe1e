#pragma once
// Finds the recorded interaction for a request. A request matches on provider + method + path + canonical
// body: the body parsed and re-serialized with sorted keys after removing the ignored JSON paths, so key
// order, whitespace and volatile fields (metadata.user_id) do not matter. Identical requests (an agent loop
// resending a prompt) are told apart by order: the k-th identical request gets the recording with order k.
// On a miss the error shows the closest recording (same provider and path, fewest differing JSON paths) and
// how it differs, path by path, in its detail (it quotes the request: core::Error).
//
// Not thread-safe: one Matcher per replaying client, used from the loop's thread.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/cassette/cassette.hpp"

namespace dq::cassette {

struct MatchOptions {
  // Dotted paths of object keys left out of the comparison ("metadata.user_id", "stream").
  std::vector<std::string> ignored_paths{"metadata.user_id"};
};

// A request as it is matched: everything already redacted.
struct MatchKey {
  std::string provider;  // "anthropic" | "openrouter" | ""
  std::string method;
  std::string path;     // endpoint path ("/v1/messages")
  nlohmann::json body;  // JSON, or a string when the body was not JSON
};

class Matcher {
 public:
  // `cassette` must outlive the Matcher (next() and unused() point into it).
  explicit Matcher(const Cassette& cassette, MatchOptions options = {});

  // The next recording for this request; cassette.no_match (with the closest recording and a diff) when
  // there is none, including when an identical request is made more often than it was recorded.
  core::Result<const Interaction*> next(const MatchKey& key);
  // Recorded interactions that no request has matched (yet), in file order.
  std::vector<const Interaction*> unused() const;
  // Counts `recorded` (one of this cassette's) as used without a request.
  void mark_used(const Interaction& recorded);

  // The body without the ignored paths.
  static nlohmann::json canonical(nlohmann::json body, const std::vector<std::string>& ignored_paths);
  // provider, method, path and canonical body in one string: equal for requests that match each other.
  static std::string identity(const MatchKey& key, const std::vector<std::string>& ignored_paths);

 private:
  // The error's detail: the closest recording and how the request differs, each on a line of its own.
  // `repeat`: how many identical requests came before this one; `recorded`: how many recordings it has.
  std::string describe_miss(const MatchKey& key, const nlohmann::json& canonical_body, int repeat,
                            std::size_t recorded) const;

  const Cassette& cassette_;
  MatchOptions options_;
  std::vector<std::string> identities_;    // per interaction
  std::vector<nlohmann::json> canonical_;  // per interaction
  std::vector<bool> used_;                 // per interaction
  std::map<std::string, int> seen_;        // identity -> how many times requested so far
};

}  // namespace dq::cassette

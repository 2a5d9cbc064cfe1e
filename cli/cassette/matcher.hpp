#pragma once
// Finds the recorded interaction for a request: same provider, method and path, and the same body once
// canonicalised (keys sorted, ignored JSON paths removed); the k-th identical request gets the k-th
// recording. On a miss the error shows the closest recorded request and how it differs, path by path.

#include <map>
#include <string>
#include <vector>

#include "cli/cassette/cassette.hpp"

namespace dq::cassette {

struct MatchOptions {
  std::vector<std::string> ignored_paths{"metadata.user_id"};  // dotted JSON paths left out of the comparison
};

class Matcher {
 public:
  Matcher(const Cassette& cassette, MatchOptions options = {});

  // cassette.no_match when nothing recorded fits.
  core::Result<const Interaction*> next(const std::string& provider, const std::string& method,
                                        const std::string& path, const nlohmann::json& body);
  // Recorded interactions no request has matched (yet).
  std::vector<const Interaction*> unused() const;

  static nlohmann::json canonical(nlohmann::json body, const std::vector<std::string>& ignored_paths);

 private:
  std::string key(const std::string& provider, const std::string& method, const std::string& path,
                  const nlohmann::json& canonical_body) const;
  std::string describe_miss(const std::string& provider, const std::string& path, const nlohmann::json& body,
                            int repeat) const;

  const Cassette& cassette_;
  MatchOptions options_;
  std::vector<std::string> keys_;  // per interaction
  std::vector<nlohmann::json> canonical_;
  std::vector<bool> used_;
  std::map<std::string, int> seen_;
};

}  // namespace dq::cassette

#pragma once
// Keeps secrets out of cassettes: API keys and bot tokens are replaced by "<redacted>" in bodies, headers
// and URL paths, before matching and before saving; and a last scan refuses to save a file in which a secret
// pattern remains. Request and response headers are allow-listed, so keys in x-api-key / authorization
// never reach the file in the first place.

#include <string>
#include <string_view>
#include <vector>

namespace dq::cassette {

class Redactor {
 public:
  // `secrets`: exact values known at run time (the API keys in the environment), redacted wherever they
  // appear, whatever their shape.
  explicit Redactor(std::vector<std::string> secrets = {});

  std::string redact(std::string_view text) const;
  // Names of the secret patterns (or "a configured secret") still present in `text`.
  std::vector<std::string> find_secrets(std::string_view text) const;

  static bool keep_request_header(std::string_view lower_name);
  static bool keep_response_header(std::string_view lower_name);

 private:
  std::vector<std::string> secrets_;
};

}  // namespace dq::cassette

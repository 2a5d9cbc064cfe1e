#pragma once
// Keeps secrets out of cassettes. Known secret values (the API keys and bot token in the environment) and
// secret-shaped text are replaced by "<redacted>" in bodies, header values and URL paths, both before a
// request is matched and before an interaction is saved, so a scrubbed recording matches a scrubbed live
// request. The patterns:
//
//   anthropic key       sk-ant-[A-Za-z0-9_-]{10,}              -> <redacted>
//   openrouter key      sk-or-[A-Za-z0-9_-]{10,}               -> <redacted>
//   openai-style key    sk-[A-Za-z0-9]{32,}                    -> <redacted>
//   bearer token        Bearer [A-Za-z0-9._-]{10,}             -> Bearer <redacted>
//   telegram bot token  bot[0-9]{6,}:[A-Za-z0-9_-]{30,}        -> bot<redacted>   (Telegram puts it in the
//   path)
//
// The bearer and Telegram replacements keep their prefix so a reader still sees what was there. Headers are
// allow-listed on top of that: keys in x-api-key / authorization never reach a file at all.
//
// The patterns are matched by a small scanner rather than std::regex: libstdc++'s regex recurses per
// character and is slow on the large bodies an LLM exchange carries.

#include <string>
#include <string_view>
#include <vector>

namespace dq::cassette {

class Redactor {
 public:
  // `secrets`: exact values known at run time, redacted wherever they appear whatever their shape. Values
  // shorter than 8 characters are ignored: they would redact ordinary words.
  explicit Redactor(std::vector<std::string> secrets = {});

  std::string redact(std::string_view text) const;
  // The names of the patterns (e.g. "anthropic key (sk-ant-…)", or "a configured secret") still present in
  // `text`, each once, in the order of the table above. Never the secret itself.
  std::vector<std::string> find_secrets(std::string_view text) const;

  // Header allow-lists (names compared case-insensitively). Request: anthropic-version, content-type,
  // anthropic-beta, http-referer, x-title. Response: content-type, request-id, retry-after, x-request-id.
  static bool keep_request_header(std::string_view name);
  static bool keep_response_header(std::string_view name);

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret containing another is replaced whole
};

}  // namespace dq::cassette

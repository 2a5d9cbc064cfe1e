#pragma once
// Expected failures are values: an Error with a stable code (asserted on by tests), a location and a message.
// Printed as `[scenario.unknown_key] scenarios/raise.yaml:14:5: unknown key 'contians'`.
//
// Text that comes from outside the program (a provider's error body, a model's answer, a recorded request
// and the new one it differs from) goes in `detail`, never in `message`: it may quote what a user typed.
// to_string() shows it (the engineer at the terminal reads the whole story); the bot's logs show only its
// length and hash (log::redacted).
//
// Codes are declared once, as ErrorCode constants in each library's `*_errors.hpp` (docs/error-codes.md lists
// them all; `scripts/error-codes --check`, the ctest error_codes, holds the list and the declarations
// together). Control flow compares codes with those constants, never with string literals or message text.

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace dq::core {

// A stable error id, "area.name". Literal type: declare as `inline constexpr ErrorCode name{"area.name"};`.
struct ErrorCode {
  std::string_view text;
  constexpr explicit ErrorCode(std::string_view t) : text(t) {}
  operator std::string() const { return std::string(text); }
  constexpr operator std::string_view() const { return text; }
  friend constexpr bool operator==(ErrorCode a, ErrorCode b) { return a.text == b.text; }
  friend bool operator==(const std::string& a, ErrorCode b) { return std::string_view(a) == b.text; }
};

struct Error {
  std::string code;     // stable id, e.g. "scenario.unknown_key", "store.schema_too_new"
  std::string where;    // "file:line:column", "scenario/turn/step", or empty
  std::string message;  // what was expected and, where it helps, what to do; the program's own words
  // Quoted outside text that explains `message` (see above). It continues the message and so starts with
  // its own separator ("; body: …", "\n  closest recorded: …"); empty when there is none.
  std::string detail = {};

  bool is(ErrorCode c) const { return code == c.text; }
  // "[code] where: message" followed by detail (where omitted when empty).
  std::string to_string() const;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string code, std::string where, std::string message,
                                   std::string detail = {}) {
  return std::unexpected(Error{std::move(code), std::move(where), std::move(message), std::move(detail)});
}

}  // namespace dq::core

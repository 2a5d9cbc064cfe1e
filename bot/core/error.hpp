#pragma once
// Expected failures are values: an Error with a stable code (asserted on by tests), a location and a message.
// Printed as `[scenario.unknown_key] scenarios/raise.yaml:14:5: unknown key 'contians'`.

#include <expected>
#include <string>
#include <utility>

namespace dq::core {

struct Error {
  std::string code;     // stable id, e.g. "scenario.unknown_key", "store.schema_too_new"
  std::string where;    // "file:line:column", "scenario/turn/step", or empty
  std::string message;  // what was expected and, where it helps, what to do

  // "[code] where: message" (where omitted when empty).
  std::string to_string() const;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string code, std::string where, std::string message) {
  return std::unexpected(Error{std::move(code), std::move(where), std::move(message)});
}

}  // namespace dq::core

#include "bot/core/error.hpp"

namespace dq::core {

std::string Error::to_string() const {
  std::string out = "[" + code + "] ";
  if (!where.empty()) out += where + ": ";
  out += message;
  out += detail;
  return out;
}

}  // namespace dq::core

#include "bot/scenario/scenario.hpp"

namespace dq::scenario {

std::string SourceLocation::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace dq::scenario

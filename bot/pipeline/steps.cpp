#include "bot/pipeline/steps.hpp"

namespace dq::pipeline {

std::span<const std::string_view> all_step_names() {
  static const auto names = [] {
    std::array<std::string_view, kSteps.size()> out{};
    for (std::size_t i = 0; i < kSteps.size(); ++i) out[i] = kSteps[i].name;
    return out;
  }();
  return names;
}

}  // namespace dq::pipeline

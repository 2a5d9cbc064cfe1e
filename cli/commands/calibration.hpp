#pragma once
// Calibrates the estimate on what the recordings say real calls used: for every recorded interaction of the
// scenarios, the token counts our estimator would have guessed for that request vs. the usage recorded.

#include <string>
#include <vector>

#include "bot/cost/estimate.hpp"
#include "bot/scenario/scenario.hpp"

namespace dq::cli {

// "  calibrated on 29 recorded calls: input x1.05, output x0.43" (or that there was nothing to calibrate on).
std::string calibration_line(const cost::Calibration& c);

cost::Calibration calibration_from_recordings(const std::vector<scenario::Scenario>& scenarios,
                                              const std::string& cassette_dir);

}  // namespace dq::cli

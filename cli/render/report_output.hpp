#pragma once
// `dealquest-test report`: a run's results per scenario and turn, per-step latency percentiles, errors,
// tokens and cost; as a terminal table or JSON.

#include <string>

#include "bot/query/run_report.hpp"
#include "cli/render/style.hpp"

namespace dq::render {

std::string report_text(const query::RunReport& report, const Style& style);
std::string report_json(const query::RunReport& report);

}  // namespace dq::render

#pragma once
// `dealquest-test report --runs` (past runs, newest first) and `report --compare BASE [HEAD]` (two runs side
// by side, the CI gate), as text or JSON. The JSON shapes are documented in README.md.

#include <string>
#include <vector>

#include "bot/query/run_compare.hpp"
#include "cli/render/style.hpp"

namespace dq::render {

std::string runs_text(const std::vector<query::RunListRow>& runs, const Style& style);
std::string runs_json(const std::vector<query::RunListRow>& runs);

std::string compare_text(const query::RunComparison& c, const Style& style);
std::string compare_json(const query::RunComparison& c);

}  // namespace dq::render

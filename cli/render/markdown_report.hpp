#pragma once
// `dealquest-test report --format markdown`: a run, or two runs compared, as a pull-request comment. A
// summary table comes first, then step latencies, then the failures with their reasons. No line is longer
// than kMarkdownLineLimit characters: cell text is cut with "…", and `|` and line breaks in it are escaped.

#include <cstddef>
#include <string>

#include "bot/query/run_compare.hpp"
#include "bot/query/run_report.hpp"

namespace dq::render {

inline constexpr std::size_t kMarkdownLineLimit = 200;

std::string markdown_report(const query::RunReport& report);
std::string markdown_compare(const query::RunComparison& comparison);

// One table cell: `|` escaped, line breaks as spaces, at most `max_chars` characters (UTF-8), cut with "…".
std::string markdown_cell(std::string_view text, std::size_t max_chars);

}  // namespace dq::render

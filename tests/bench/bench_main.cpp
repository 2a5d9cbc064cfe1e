// Runs the benchmarks, then prints the rows scripts/bench reports as a table against the product's targets.
// Ratios compare numbers measured in this one run (machines here are shared and noisy).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace {

// Keeps the aggregate rows (median) as they are reported.
class CollectingReporter final : public benchmark::ConsoleReporter {
 public:
  explicit CollectingReporter(OutputOptions options) : ConsoleReporter(options) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
      const std::string name = r.run_name.function_name;
      Row& row = rows[name];
      row.ns_per_iteration = r.GetAdjustedRealTime();
      auto it = r.counters.find("items_per_second");
      if (it != r.counters.end()) row.items_per_second = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  struct Row {
    double ns_per_iteration = 0;
    double items_per_second = 0;
  };
  std::map<std::string, Row> rows;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Colour only on a terminal, and never with NO_COLOR set.
  const char* no_color = std::getenv("NO_COLOR");
  const bool color = isatty(1) == 1 && (no_color == nullptr || *no_color == '\0');
  CollectingReporter reporter(color ? benchmark::ConsoleReporter::OO_ColorTabular
                                    : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  auto row = [&](const char* name) -> const CollectingReporter::Row* {
    auto it = reporter.rows.find(name);
    return it == reporter.rows.end() ? nullptr : &it->second;
  };
  auto print = [](const char* what, const std::string& measured, const char* target, const char* verdict) {
    std::printf("%-58s %-24s %-22s %s\n", what, measured.c_str(), target, verdict);
  };
  auto number = [](double v, const char* unit) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.0f %s", v, unit);
    return std::string(buf);
  };
  std::printf("\n");
  print("row", "measured", "target (BRIEF §10)", "verdict");
  if (const auto* span = row("BM_SpanHotPath")) {
    print("span recorded on the hot path (start+end+enqueue), median", number(span->ns_per_iteration, "ns"),
          "<= 1000 ns", span->ns_per_iteration <= 1000 ? "ok" : "MISSED");
  }
  const auto* writer = row("BM_WriterIntoSqlite");
  const auto* bare = row("BM_BareBatchedSqliteInsert");
  if (writer) {
    print("background writer into SQLite (SpanQueue -> SqliteStore)",
          number(writer->items_per_second, "spans/s"), ">= 200000 spans/s",
          writer->items_per_second >= 200000 ? "ok" : "MISSED");
  }
  if (bare)
    print("bare batched SQLite insert of the same rows", number(bare->items_per_second, "rows/s"),
          "(reference)", "");
  if (writer && bare && writer->items_per_second > 0) {
    // > 1: the writer needs that many times the bare insert's time for the same rows.
    const double ratio = bare->items_per_second / writer->items_per_second;
    char text[48];
    std::snprintf(text, sizeof text, "%.2fx the bare time", ratio);
    print("writer time / bare insert time (same run)", text, "<= 2x", ratio <= 2.0 ? "ok" : "MISSED");
  }
  return 0;
}

// Runs the benchmarks, then prints the rows scripts/bench reports as a table against the product's targets.
// Ratios compare numbers measured in this one run (machines here are shared and noisy).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

namespace {

// Keeps the aggregate rows (median) as they are reported.
class CollectingReporter final : public benchmark::ConsoleReporter {
 public:
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
  CollectingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  auto row = [&](const char* name) { return reporter.rows.count(name) ? reporter.rows[name] : CollectingReporter::Row{}; };
  const auto span = row("BM_SpanHotPath");
  const auto writer = row("BM_WriterIntoSqlite");
  const auto bare = row("BM_BareBatchedSqliteInsert");
  std::printf("\n%-58s %-22s %-26s %s\n", "row", "measured", "target (BRIEF §10)", "verdict");
  std::printf("%-58s %-22s %-26s %s\n", "span recorded on the hot path (start+end+enqueue), median",
              (std::to_string(static_cast<long>(span.ns_per_iteration)) + " ns").c_str(), "<= 1000 ns",
              span.ns_per_iteration > 0 && span.ns_per_iteration <= 1000 ? "ok" : "MISSED");
  std::printf("%-58s %-22s %-26s %s\n", "background writer into SQLite (SpanQueue -> SqliteStore)",
              (std::to_string(static_cast<long>(writer.items_per_second)) + " spans/s").c_str(), ">= 200000 spans/s",
              writer.items_per_second >= 200000 ? "ok" : "MISSED");
  std::printf("%-58s %-22s %-26s %s\n", "bare batched SQLite insert of the same rows",
              (std::to_string(static_cast<long>(bare.items_per_second)) + " rows/s").c_str(), "(reference)", "");
  const double ratio = writer.items_per_second > 0 ? bare.items_per_second / writer.items_per_second : 0;
  char ratio_text[32];
  std::snprintf(ratio_text, sizeof ratio_text, "%.2fx slower", ratio);
  std::printf("%-58s %-22s %-26s %s\n", "writer vs bare insert (same run)", ratio_text, "within 2x",
              ratio > 0 && ratio <= 2.0 ? "ok" : "MISSED");
  return 0;
}

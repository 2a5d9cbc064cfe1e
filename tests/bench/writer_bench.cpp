// Writer throughput: spans submitted to the SpanQueue and drained into a fresh SqliteStore file, next to a
// bare batched insert of the same rows (same schema, same pragmas, prepared statements, same batch size)
// measured in the same run.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "bot/store/sqlite_store.hpp"
#include "bot/trace/span_queue.hpp"

namespace {

constexpr int kSpans = 120'000;
constexpr std::size_t kBatch = 2'000;

// A realistic mix: traces of six spans (a root and five steps), LLM attributes on one of them.
std::vector<dq::trace::SpanRecord> make_spans() {
  std::vector<dq::trace::SpanRecord> spans;
  spans.reserve(kSpans);
  static const char* kNames[] = {"pipeline.turn",  "ctx.load", "llm.counterpart",
                                 "check.faithful", "db.save",  "tg.reply"};
  dq::core::TraceId trace;
  dq::core::SpanId root;
  for (int i = 0; i < kSpans; ++i) {
    dq::trace::SpanRecord r;
    const int k = i % 6;
    if (k == 0) {
      trace = dq::core::new_trace_id(1'790'000'000'000 + i);
      root = dq::core::new_span_id();
      r.span_id = root;
      r.trace = {"bench-run",     "turn",    "bench-scenario",
                 1 + (i / 6) % 5, "harness", "bench-run/bench-scenario"};
    } else {
      r.span_id = dq::core::new_span_id();
      r.parent_id = root;
    }
    r.trace_id = trace;
    r.name = kNames[k];
    r.start_ms = 1'790'000'000'000 + i;
    r.duration_us = 100 + i % 977;
    if (k == 2) {
      r.model = "claude-sonnet-4-6";
      r.input_tokens = 812;
      r.output_tokens = 96;
      r.cost_usd = 0.003876;
    }
    spans.push_back(std::move(r));
  }
  return spans;
}

std::string fresh_path(const char* stem) {
  std::string dir = (std::filesystem::temp_directory_path() / "dq-bench-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return {};
  return dir + "/" + stem + ".db";
}

void remove_store(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(path).parent_path(), ec);
}

void BM_WriterIntoSqlite(benchmark::State& state) {
  const auto spans = make_spans();
  for (auto _ : state) {
    state.PauseTiming();
    const std::string path = fresh_path("writer");
    auto store = dq::store::SqliteStore::open(path);
    if (!store) {
      state.SkipWithError(store.error().to_string().c_str());
      return;
    }
    std::vector<dq::trace::SpanRecord> copy = spans;
    state.ResumeTiming();
    {
      dq::trace::SpanQueue queue(
          **store,
          {.capacity = kSpans + 1, .batch_size = kBatch, .flush_interval = std::chrono::milliseconds(100)});
      for (auto& s : copy) queue.submit(std::move(s));
      queue.stop();
      if (queue.stats().written != static_cast<std::uint64_t>(kSpans)) state.SkipWithError("spans were lost");
    }
    state.PauseTiming();
    store->reset();
    remove_store(path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kSpans);
}
BENCHMARK(BM_WriterIntoSqlite)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

// The same rows, with ids already in hex, bound straight into prepared statements.
void BM_BareBatchedSqliteInsert(benchmark::State& state) {
  struct Row {
    std::string trace, span, parent;
    const dq::trace::SpanRecord* r;
  };
  const auto spans = make_spans();
  std::vector<Row> rows;
  for (const auto& s : spans) rows.push_back({s.trace_id.hex(), s.span_id.hex(), s.parent_id.hex(), &s});
  for (auto _ : state) {
    state.PauseTiming();
    const std::string path = fresh_path("bare");
    { auto schema = dq::store::SqliteStore::open(path); }  // same schema, then closed
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    sqlite3_stmt* span_stmt = nullptr;
    sqlite3_stmt* trace_stmt = nullptr;
    sqlite3_prepare_v2(
        db,
        "INSERT INTO spans (trace_id, span_id, parent_span_id, name, start_ms, duration_us, status, "
        "error, model, input_tokens, output_tokens, cost_usd) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        -1, &span_stmt, nullptr);
    sqlite3_prepare_v2(
        db,
        "INSERT INTO traces (trace_id, run_id, pipeline, scenario, turn, user_id, chat_id, start_ms, "
        "duration_us, status, error) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        -1, &trace_stmt, nullptr);
    state.ResumeTiming();
    for (std::size_t off = 0; off < rows.size(); off += kBatch) {
      sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      for (std::size_t i = off; i < std::min(rows.size(), off + kBatch); ++i) {
        const Row& row = rows[i];
        const auto& r = *row.r;
        sqlite3_bind_text(span_stmt, 1, row.trace.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(span_stmt, 2, row.span.c_str(), -1, SQLITE_STATIC);
        if (row.parent.empty())
          sqlite3_bind_null(span_stmt, 3);
        else
          sqlite3_bind_text(span_stmt, 3, row.parent.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(span_stmt, 4, r.name.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_int64(span_stmt, 5, r.start_ms);
        sqlite3_bind_int64(span_stmt, 6, r.duration_us);
        sqlite3_bind_text(span_stmt, 7, "ok", -1, SQLITE_STATIC);
        sqlite3_bind_null(span_stmt, 8);
        if (r.model.empty())
          sqlite3_bind_null(span_stmt, 9);
        else
          sqlite3_bind_text(span_stmt, 9, r.model.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_int64(span_stmt, 10, r.input_tokens);
        sqlite3_bind_int64(span_stmt, 11, r.output_tokens);
        sqlite3_bind_double(span_stmt, 12, r.cost_usd);
        sqlite3_step(span_stmt);
        sqlite3_reset(span_stmt);
        if (r.is_root()) {
          sqlite3_bind_text(trace_stmt, 1, row.trace.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_text(trace_stmt, 2, r.trace.run_id.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_text(trace_stmt, 3, r.trace.pipeline.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_text(trace_stmt, 4, r.trace.scenario.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_int(trace_stmt, 5, r.trace.turn);
          sqlite3_bind_text(trace_stmt, 6, r.trace.user_id.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_text(trace_stmt, 7, r.trace.chat_id.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_int64(trace_stmt, 8, r.start_ms);
          sqlite3_bind_int64(trace_stmt, 9, r.duration_us);
          sqlite3_bind_text(trace_stmt, 10, "ok", -1, SQLITE_STATIC);
          sqlite3_bind_null(trace_stmt, 11);
          sqlite3_step(trace_stmt);
          sqlite3_reset(trace_stmt);
        }
      }
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    state.PauseTiming();
    sqlite3_finalize(span_stmt);
    sqlite3_finalize(trace_stmt);
    sqlite3_close(db);
    remove_store(path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kSpans);
}
BENCHMARK(BM_BareBatchedSqliteInsert)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

}  // namespace

// Span I/O on the SQLite store (io_layout.hpp): each message of a conversation stored once, requests read
// back whole, another text under a taken id moved aside, parts pruned once no kept span uses them, and what
// each trace kept of its I/O on its row.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/store/io_layout.hpp"
#include "bot/store/sqlite_store.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::store {
namespace {

using fixtures::count_rows;
using json = nlohmann::json;

constexpr std::int64_t kDay = 24 * 3600 * 1000LL;
constexpr std::int64_t kNow = 1'800'000'000'000;
const std::string kSystem = "You sell a used car; never go below 9,000.";

// The request of turn `turn` of conversation `who`: the system prompt and every message so far.
std::string request(const std::string& who, int turn) {
  json r = {{"model", "m"}, {"max_tokens", 300}, {"system", kSystem}};
  auto& m = r["messages"] = json::array();
  for (int i = 1; i <= turn; ++i) {
    m.push_back({{"role", "user"}, {"content", who + " asks " + std::to_string(i)}});
    if (i < turn) m.push_back({{"role", "assistant"}, {"content", who + " hears " + std::to_string(i)}});
  }
  return r.dump();
}

// One turn's trace of run `run_id`, scenario `scenario`: a root and its counterpart call.
std::vector<trace::SpanRecord> turn_trace(const std::string& run_id, const std::string& scenario, int turn,
                                          std::int64_t start_ms, trace::IoKept kept = trace::IoKept::all) {
  trace::SpanRecord root;
  root.trace_id = core::new_trace_id(start_ms);
  root.span_id = core::new_span_id();
  root.name = "pipeline.turn";
  root.start_ms = start_ms;
  root.trace = {run_id, "turn", scenario, turn, "user-1", run_id + "/" + scenario};
  root.io_kept = kept;
  trace::SpanRecord llm;
  llm.trace_id = root.trace_id;
  llm.span_id = core::new_span_id();
  llm.parent_id = root.span_id;
  llm.name = "llm.counterpart";
  llm.provider = "anthropic";
  llm.start_ms = start_ms;
  if (kept != trace::IoKept::none) {
    llm.input = request(scenario, turn);
    llm.output = scenario + " hears " + std::to_string(turn);
  }
  return {llm, root};
}

struct LinearIo : ::testing::Test {
  LinearIo() {
    auto opened = SqliteStore::open(path());
    EXPECT_TRUE(opened.has_value()) << opened.error().to_string();
    store = std::move(*opened);
  }
  std::string path() const { return (dir / "traces.db").string(); }
  void conversation(const std::string& run_id, const std::string& scenario, int turns,
                    std::int64_t start_ms) {
    for (int turn = 1; turn <= turns; ++turn)
      ASSERT_TRUE(store->write_batch(turn_trace(run_id, scenario, turn, start_ms + turn)).has_value());
  }
  testing::TempDir dir;
  std::unique_ptr<SqliteStore> store;
};

TEST_F(LinearIo, EachMessageOfAConversationIsStoredOnceAndTheTranscriptReadsBack) {
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r1", kNow)).has_value());
  conversation("r1", "car", 10, kNow);
  // One system prompt, 10 questions and 9 answers, whatever the number of calls that sent them.
  EXPECT_EQ(count_rows(path(), "io_parts"), 1 + 10 + 9);
  auto rows = store->transcript("r1");
  ASSERT_TRUE(rows.has_value()) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 10u);
  EXPECT_EQ((*rows)[9].user, "car asks 10");
  EXPECT_EQ((*rows)[9].reply, "car hears 10");

  SQLite::Database db(path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT input_size, length(input), parts FROM span_io ORDER BY input_size DESC");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt64(), static_cast<std::int64_t>(request("car", 10).size()));
  EXPECT_LT(q.getColumn(1).getInt64(), q.getColumn(0).getInt64() / 2) << "the row keeps a skeleton";
  EXPECT_EQ(parse_part_list(q.getColumn(2).getString())->size(), 2u);
  EXPECT_EQ(db.execAndGet("SELECT provider FROM spans WHERE name = 'llm.counterpart' LIMIT 1").getString(),
            "anthropic");
}

TEST_F(LinearIo, AnotherTextUnderAPartsIdIsLeftAloneAndThePartMovesAside) {
  StoredIo io = store_io(request("car", 1), "");
  put_parts(io.parts, [](const IoPart&) { return true; });  // the ids the writer tries first
  {
    SQLite::Database db(path(), SQLite::OPEN_READWRITE);
    SQLite::Statement put(db, "INSERT INTO io_parts (part_id, body, size, last_ms) VALUES (?, ?, 10, 0)");
    put.bind(1, io.parts[1].id);
    put.bind(2, R"({"content":"not this","role":"user"})");
    put.exec();
  }
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r1", kNow)).has_value());
  conversation("r1", "car", 1, kNow);
  auto rows = store->transcript("r1");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].user, "car asks 1");
  SQLite::Database db(path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT body FROM io_parts WHERE part_id = ?");
  q.bind(1, io.parts[1].id);
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), R"({"content":"not this","role":"user"})");
}

TEST_F(LinearIo, PartsGoOnceNoSpanWithinTheIoAgeUsesThem) {
  conversation("", "old", 3, kNow - 10 * kDay);  // past the 7-day I/O age
  conversation("", "new", 3, kNow - 1 * kDay);   // shares only the system prompt with "old"
  EXPECT_EQ(count_rows(path(), "io_parts"), 1 + 5 + 5);
  auto dry = store->prune({}, kNow, /*dry_run=*/true);
  ASSERT_TRUE(dry.has_value());
  auto r = store->prune({}, kNow, /*dry_run=*/false);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->io_rows, 3);
  EXPECT_EQ(r->io_parts, 5) << "the old conversation's messages; the shared system prompt stays";
  EXPECT_EQ(dry->io_parts, r->io_parts);
  EXPECT_EQ(count_rows(path(), "io_parts"), 1 + 5);
  SQLite::Database db(path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM io_parts WHERE body LIKE '%old asks%'").getInt64(), 0);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM io_parts WHERE body LIKE '%never go below%'").getInt64(), 1);
}

TEST_F(LinearIo, TheTraceRowSaysWhatItKeptOfItsIo) {
  ASSERT_TRUE(store->write_batch(turn_trace("", "a", 1, kNow, trace::IoKept::all)).has_value());
  ASSERT_TRUE(store->write_batch(turn_trace("", "b", 1, kNow + 1, trace::IoKept::error)).has_value());
  ASSERT_TRUE(store->write_batch(turn_trace("", "c", 1, kNow + 2, trace::IoKept::none)).has_value());
  SQLite::Database db(path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT scenario, io FROM traces ORDER BY start_ms");
  std::vector<std::string> seen;
  while (q.executeStep()) seen.push_back(q.getColumn(0).getString() + "=" + q.getColumn(1).getString());
  EXPECT_EQ(seen, (std::vector<std::string>{"a=all", "b=error", "c=none"}));
  EXPECT_EQ(count_rows(path(), "span_io"), 2);
}

TEST_F(LinearIo, AResponseOverTheCapIsStoredCutWithItsSize) {
  auto spans = turn_trace("", "a", 1, kNow);
  spans[0].output = std::string(200'000, 'x');
  ASSERT_TRUE(store->write_batch(spans).has_value());
  SQLite::Database db(path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT length(output), output_size, output FROM span_io");
  ASSERT_TRUE(q.executeStep());
  EXPECT_LE(q.getColumn(0).getInt64(), 64 * 1024);
  EXPECT_EQ(q.getColumn(1).getInt64(), 200'000);
  EXPECT_NE(q.getColumn(2).getString().find("[cut by dealquest: 200000 bytes"), std::string::npos);
}

}  // namespace
}  // namespace dq::store

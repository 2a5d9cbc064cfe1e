// Span I/O on every backend (io_layout.hpp): each message of a conversation stored once, requests read back
// whole, another text under a taken id moved aside, parts pruned once no kept span uses them, and what each
// trace kept of its I/O on its row.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/store/io_layout.hpp"
#include "tests/bot/store/span_fixtures.hpp"
#include "tests/bot/store/store_backends.hpp"

namespace dq::store {
namespace {

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

struct LinearIo : fixtures::StoreBackend {
  void conversation(const std::string& run_id, const std::string& scenario, int turns,
                    std::int64_t start_ms) {
    for (int turn = 1; turn <= turns; ++turn)
      ASSERT_TRUE(store->write_batch(turn_trace(run_id, scenario, turn, start_ms + turn)).has_value());
  }
  // Runs a statement that changes the store behind its back.
  void exec(const std::string& sql) {
    if (pg()) {
      fixtures::pg_scalar(location, sql);
    } else {
      SQLite::Database db(location, SQLite::OPEN_READWRITE);
      db.exec(sql);
    }
  }
};

TEST_P(LinearIo, EachMessageOfAConversationIsStoredOnceAndTheTranscriptReadsBack) {
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r1", kNow)).has_value());
  conversation("r1", "car", 10, kNow);
  // One system prompt, 10 questions and 9 answers, whatever the number of calls that sent them.
  EXPECT_EQ(rows("io_parts"), 1 + 10 + 9);
  auto lines = store->transcript("r1");
  ASSERT_TRUE(lines.has_value()) << lines.error().to_string();
  ASSERT_EQ(lines->size(), 10u);
  EXPECT_EQ((*lines)[9].user, "car asks 10");
  EXPECT_EQ((*lines)[9].reply, "car hears 10");
  const std::string biggest = "FROM span_io ORDER BY input_size DESC LIMIT 1";
  EXPECT_EQ(scalar("SELECT input_size " + biggest), std::to_string(request("car", 10).size()));
  EXPECT_LT(std::stoll(scalar("SELECT length(input) " + biggest)),
            std::stoll(scalar("SELECT input_size " + biggest)) / 2)
      << "the row keeps a skeleton";
  EXPECT_EQ(parse_part_list(scalar("SELECT parts " + biggest))->size(), 2u);
  EXPECT_EQ(scalar("SELECT provider FROM spans WHERE name = 'llm.counterpart' LIMIT 1"), "anthropic");
}

TEST_P(LinearIo, AnotherTextUnderAPartsIdIsLeftAloneAndThePartMovesAside) {
  StoredIo io = store_io(request("car", 1), "");
  put_parts(io.parts, [](const IoPart&) { return true; });  // the ids the writer tries first
  const std::string taken = std::to_string(io.parts[1].id);
  exec("INSERT INTO io_parts (part_id, prev_id, body, size, last_ms) VALUES (" + taken +
       ", 0, '{\"content\":\"not this\",\"role\":\"user\"}', 10, 0)");
  ASSERT_TRUE(store->begin_run(fixtures::make_run("r1", kNow)).has_value());
  conversation("r1", "car", 1, kNow);
  auto lines = store->transcript("r1");
  ASSERT_TRUE(lines.has_value()) << lines.error().to_string();
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].user, "car asks 1");
  EXPECT_EQ(scalar("SELECT body FROM io_parts WHERE part_id = " + taken),
            R"({"content":"not this","role":"user"})");
}

TEST_P(LinearIo, PartsGoOnceNoSpanWithinTheIoAgeUsesThem) {
  conversation("", "old", 3, kNow - 10 * kDay);  // past the 7-day I/O age
  conversation("", "new", 3, kNow - 1 * kDay);   // shares only the system prompt with "old"
  EXPECT_EQ(rows("io_parts"), 1 + 5 + 5);
  auto dry = store->prune({}, kNow, /*dry_run=*/true);
  ASSERT_TRUE(dry.has_value()) << dry.error().to_string();
  auto r = store->prune({}, kNow, /*dry_run=*/false);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->io_rows, 3);
  EXPECT_EQ(r->io_parts, 5) << "the old conversation's messages; the shared system prompt stays";
  EXPECT_EQ(dry->io_parts, r->io_parts);
  EXPECT_EQ(rows("io_parts"), 1 + 5);
  EXPECT_EQ(scalar("SELECT count(*) FROM io_parts WHERE body LIKE '%old asks%'"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM io_parts WHERE body LIKE '%never go below%'"), "1");
}

TEST_P(LinearIo, TheTraceRowSaysWhatItKeptOfItsIo) {
  ASSERT_TRUE(store->write_batch(turn_trace("", "a", 1, kNow, trace::IoKept::all)).has_value());
  ASSERT_TRUE(store->write_batch(turn_trace("", "b", 1, kNow + 1, trace::IoKept::error)).has_value());
  ASSERT_TRUE(store->write_batch(turn_trace("", "c", 1, kNow + 2, trace::IoKept::none)).has_value());
  for (const char* want : {"a=all", "b=error", "c=none"})
    EXPECT_EQ(
        scalar(std::string("SELECT scenario || '=' || io FROM traces WHERE scenario = '") + want[0] + "'"),
        want);
  EXPECT_EQ(rows("span_io"), 2);
}

TEST_P(LinearIo, AResponseOverTheCapIsStoredCutWithItsSize) {
  auto spans = turn_trace("", "a", 1, kNow);
  spans[0].output = std::string(200'000, 'x');
  ASSERT_TRUE(store->write_batch(spans).has_value());
  EXPECT_LE(std::stoll(scalar("SELECT length(output) FROM span_io")), 64 * 1024);
  EXPECT_EQ(scalar("SELECT output_size FROM span_io"), "200000");
  EXPECT_NE(scalar("SELECT output FROM span_io").find("[cut by dealquest: 200000 bytes"), std::string::npos);
}

DQ_ON_EVERY_BACKEND(LinearIo);

}  // namespace
}  // namespace dq::store

// Store bytes per 1,000 bot turns (100 conversations of 10 turns, as the bot writes them: a root, context
// load, the counterpart's and the coach's LLM calls with their whole requests, a save and a reply; 2% of the
// turns fail), under four policies: inputs stored whole as before schema 9 (all I/O kept), and the linear
// layout with all I/O kept, with the bot's default 10% sample (failed turns always keep theirs), and with no
// I/O kept. Spans go through the tracer's own per-trace decision (trace_io.hpp) into a fresh SQLite store;
// the size is the file's after a checkpoint.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/core/clock.hpp"
#include "bot/store/sqlite_store.hpp"
#include "bot/trace/span.hpp"
#include "bot/trace/tracer.hpp"

namespace {

using json = nlohmann::json;

class Collect final : public dq::trace::SpanSink {
 public:
  void submit(dq::trace::SpanRecord&& span) override { spans.push_back(std::move(span)); }
  std::vector<dq::trace::SpanRecord> spans;
};

std::string words(int conversation, int turn, const char* who, std::size_t bytes) {
  std::string s = std::string(who) + " " + std::to_string(conversation) + "/" + std::to_string(turn) + ":";
  while (s.size() < bytes) s += " we could meet somewhere near the middle of the range";
  return s;
}

std::string request(const std::string& system, const json& messages) {
  return json{{"model", "claude-haiku-4-5"}, {"max_tokens", 400}, {"system", system}, {"messages", messages}}
      .dump();
}

// Writes 1,000 turns and returns the store's size in bytes.
long long store_bytes(const std::string& path, double io_sample, bool split_io) {
  std::filesystem::remove(path);
  dq::store::SqliteStoreOptions options;
  options.split_io = split_io;
  auto store = dq::store::SqliteStore::open(path, options);
  if (!store) return -1;
  Collect sink;
  dq::trace::Tracer tracer(dq::core::SystemClock::instance(), sink, io_sample);
  const std::string counterpart_system(1'800, 'p'), coach_system(1'200, 'c');
  int turns = 0;
  for (int c = 0; c < 100; ++c) {
    json history = json::array();
    for (int t = 1; t <= 10; ++t, ++turns) {
      dq::trace::TaskContext ctx{&tracer, dq::core::new_trace_id(1'800'000'000'000 + turns), {}};
      dq::trace::ContextGuard guard(&ctx);
      auto root = dq::trace::Span::root("pipeline.turn", {"", "turn", "used-car", t, "u", std::to_string(c)});
      { dq::trace::Span load("ctx.load"); }
      history.push_back({{"role", "user"}, {"content", words(c, t, "trainee", 160)}});
      const std::string reply = words(c, t, "counterpart", 320);
      {
        dq::trace::Span llm("llm.counterpart");
        llm.set_llm("anthropic", "claude-haiku-4-5", 900, 80, 0.0013);
        llm.set_io(request(counterpart_system, history), reply);
      }
      history.push_back({{"role", "assistant"}, {"content", reply}});
      {
        dq::trace::Span coach("llm.coach");
        coach.set_llm("anthropic", "claude-haiku-4-5", 700, 60, 0.0009);
        coach.set_io(request(coach_system, history), words(c, t, "coach", 200));
        if (turns % 50 == 7) coach.fail("llm.timeout: no answer in 120 s");
      }
      { dq::trace::Span save("db.save"); }
      { dq::trace::Span send("tg.reply"); }
    }
  }
  for (std::size_t i = 0; i < sink.spans.size(); i += 256) {
    const std::size_t n = std::min<std::size_t>(256, sink.spans.size() - i);
    if (!(*store)->write_batch(std::span(sink.spans.data() + i, n))) return -1;
  }
  store->reset();  // the last connection closing checkpoints the WAL into the file
  long long bytes = static_cast<long long>(std::filesystem::file_size(path));
  if (std::filesystem::exists(path + "-wal"))
    bytes += static_cast<long long>(std::filesystem::file_size(path + "-wal"));
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : std::filesystem::temp_directory_path().string();
  const std::string path = dir + "/store-size-bench.db";
  std::printf("store_bytes_per_1000_turns_whole_inputs_all_io %lld\n", store_bytes(path, 1.0, false));
  std::printf("store_bytes_per_1000_turns_linear_all_io %lld\n", store_bytes(path, 1.0, true));
  std::printf("store_bytes_per_1000_turns_linear_default_10pct %lld\n", store_bytes(path, 0.10, true));
  std::printf("store_bytes_per_1000_turns_no_io %lld\n", store_bytes(path, 0.0, true));
  std::filesystem::remove(path);
  return 0;
}

// dealquest-bot --console with `export.endpoint`: the traces of a conversation reach an OTLP/HTTP receiver
// (the fake one on 127.0.0.1) while the bot runs and at its shutdown, as `dealquest-test export` writes them.
// On Telegram (the fake Bot API server): while it runs, and at SIGTERM after the span queue's drain.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_otlp_receiver.hpp"
#include "tests/support/fake_telegram_server.hpp"
#include "tests/support/otlp_json_rules.hpp"

namespace dq::e2e {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;
using testing::FakeTelegramServer;

const std::string kBot = DQ_BOT_BIN;
const std::string kConversation = "/start\n1\nI can offer 80k\n/debrief\n";

testing::ProcessResult bot(std::vector<std::string> args, const testing::TempDir& dir,
                           const std::string& typed) {
  args.insert(args.begin(), kBot);
  const std::string input = dir.write("typed.txt", typed).string();
  testing::ProcessOptions o{dir.path().string(), {{"NO_COLOR", "1"}}, input};
  return testing::run_process(args, o);
}

// Every span of the requests (one ExportTraceServiceRequest each), by "traceId/spanId", with its service.
std::map<std::string, Json> spans_of(const std::vector<std::string>& requests) {
  std::map<std::string, Json> spans;
  for (const auto& body : requests) {
    const Json request = Json::parse(body);
    for (const auto& rs : request["resourceSpans"]) {
      std::string service;
      for (const auto& a : rs["resource"]["attributes"])
        if (a["key"] == "service.name") service = a["value"]["stringValue"].get<std::string>();
      for (const auto& ss : rs["scopeSpans"])
        for (Json span : ss["spans"]) {
          span["service"] = service;
          const std::string key =
              span["traceId"].get<std::string>() + "/" + span["spanId"].get<std::string>();
          spans[key] = std::move(span);
        }
    }
  }
  return spans;
}

TEST(BotExport, AConsoleConversationsTracesReachTheReceiverAsDealquestTestExportWritesThem) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  testing::TempDir dir;
  dir.write("bot.yaml", "export: {endpoint: " + receiver.base_url() + ", every: 1s}\n");
  auto r = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios, "--store", "c.db"}, dir,
               kConversation);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(contains(r.err, "export.failed")) << r.err;
  EXPECT_FALSE(contains(r.err, "export.dropped")) << r.err;

  std::vector<std::string> bodies;
  for (const auto& request : receiver.requests()) {
    EXPECT_EQ(request.status, 200) << request.body;
    EXPECT_EQ(request.path, "/v1/traces");
    EXPECT_EQ(testing::otlp_body_rule_broken(request.body), std::nullopt) << request.body;
    bodies.push_back(request.body);
  }
  const auto exported = spans_of(bodies);
  std::set<std::string> names;
  for (const auto& [key, span] : exported) names.insert(span["name"].get<std::string>());
  for (const char* step : {"pipeline.turn", "llm.counterpart", "tg.reply", "pipeline.debrief", "llm.coach"})
    EXPECT_TRUE(names.count(step)) << step << " did not reach the receiver";

  // The same spans, attribute for attribute, as `dealquest-test export` writes from the store.
  auto cli = dq_test(
      {"export", "--format", "otlp-json", "--since", "1d", "--store", "c.db", "--out", "cli.jsonl"}, dir);
  ASSERT_EQ(cli.exit_code, 0) << cli.out << cli.err;
  std::vector<std::string> lines;
  std::ifstream file(dir / "cli.jsonl");
  for (std::string line; std::getline(file, line);)
    if (!line.empty()) lines.push_back(line);
  const auto stored = spans_of(lines);
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(exported.size(), stored.size()) << "every stored span was exported once";
  for (const auto& [key, span] : stored) {
    auto it = exported.find(key);
    ASSERT_NE(it, exported.end()) << "not exported: " << span.dump();
    EXPECT_EQ(it->second, span) << "the bot exported\n"
                                << it->second.dump() << "\nexport writes\n"
                                << span.dump();
    EXPECT_EQ(span["service"], "dealquest-bot");
  }
}

TEST(BotExport, AReceiverThatIsDownCostsCountedSpansNotTheConversation) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  const std::string url = receiver.base_url();
  receiver.stop();  // nothing listens there any more
  testing::TempDir dir;
  auto r = bot({"--console", "--export-endpoint", url, "--scenarios", kScenarios, "--store", "c.db"}, dir,
               kConversation);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "Debrief")) << r.out;
  EXPECT_TRUE(contains(r.err, R"("event":"export.failed")")) << r.err;
}

TEST(BotExport, ABadEndpointInTheConfigOrTheFlagStopsTheBotNamingItsPlace) {
  testing::TempDir dir;
  dir.write("bot.yaml", "export:\n  endpoint: localhost:4318\n");
  auto r = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios, "--store", "c.db"}, dir, "");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(
      contains(r.err, "[config.invalid_value] bot.yaml:2:13: export.endpoint must be an OTLP/HTTP URL"))
      << r.err;
  auto flag =
      bot({"--console", "--export-endpoint", "localhost:4318", "--scenarios", kScenarios, "--store", "c.db"},
          dir, "");
  EXPECT_EQ(flag.exit_code, 2) << flag.out << flag.err;
  EXPECT_TRUE(contains(flag.err, "[export.bad_endpoint] --export-endpoint: wants an OTLP/HTTP URL"))
      << flag.err;
}

// Whether a span named `name` is among the accepted requests.
bool has_span(const std::vector<testing::OtlpRequest>& requests, const std::string& name) {
  for (const auto& r : requests)
    if (r.status == 200 && contains(r.body, R"("name":")" + name + R"(")")) return true;
  return false;
}

// dealquest-bot on the fake Telegram server, with `export:` in its config, and one user's negotiation.
struct TelegramBot {
  static constexpr std::int64_t kUser = 111;
  testing::TempDir dir;
  FakeTelegramServer tg;
  testing::RunningProcess process;
  bool stopped = false;

  explicit TelegramBot(const std::string& export_section) {
    dir.write("bot.yaml",
              "llm: dry-run\ntelegram: {poll_timeout_seconds: 1, progress_throttle_ms: 50, "
              "per_chat_interval_ms: 0}\n" +
                  export_section);
    tg.start();
    const std::vector<std::string> argv{kBot,       "--config", "bot.yaml", "--scenarios",
                                        kScenarios, "--store",  "bot.db"};
    const std::map<std::string, std::string> env{{"TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN"},
                                                 {"TELEGRAM_API_URL", tg.base_url()},
                                                 {"DEALQUEST_STORE", ""}};
    process = testing::start_process(argv, dir.path().string(), {dir.path().string(), env});
  }
  ~TelegramBot() {
    if (!stopped) {
      ::kill(process.pid, SIGKILL);
      testing::wait_process(process);
    }
  }
  TelegramBot(const TelegramBot&) = delete;
  TelegramBot& operator=(const TelegramBot&) = delete;

  bool bot_said(const std::string& needle) {
    return tg.wait_until(
        [&](const FakeTelegramServer& s) {
          for (const auto& m : s.bot_messages(kUser))
            if (contains(m.text, needle) && !contains(m.text, "⏳")) return true;
          return false;
        },
        15s);
  }
  // /start, the first scenario by its number, one offer.
  bool negotiate_one_turn() {
    tg.user_sends(kUser, kUser, "/start");
    if (!bot_said("Choose a scenario")) return false;
    tg.user_sends(kUser, kUser, "1");
    if (!bot_said("You are negotiating with")) return false;
    const std::size_t before = tg.bot_messages(kUser).size();
    tg.user_sends(kUser, kUser, "I can offer 80k");
    return tg.wait_until(
        [&](const FakeTelegramServer& s) {
          auto all = s.bot_messages(kUser);
          return all.size() > before && !contains(all.back().text, "⏳");
        },
        15s);
  }
  testing::ProcessResult sigterm() {
    ::kill(process.pid, SIGTERM);
    stopped = true;
    return testing::wait_process(process);
  }
};

TEST(BotExport, OnTelegramATurnsTraceReachesTheReceiverWhileTheBotRuns) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  TelegramBot bot("export: {endpoint: " + receiver.base_url() + ", every: 1s}\n");
  ASSERT_TRUE(bot.negotiate_one_turn()) << testing::read_file(bot.process.err_path);
  EXPECT_TRUE(receiver.wait_until([](const auto& r) { return has_span(r, "llm.counterpart"); }, 15s))
      << "the turn's trace went out within a few rounds of 1s, the bot still running";
  auto done = bot.sigterm();
  EXPECT_EQ(done.exit_code, 0) << done.err;
}

TEST(BotExport, OnSigtermTheExporterSendsWhatTheSpanQueueDrainedIntoIt) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  TelegramBot bot("export: {endpoint: " + receiver.base_url() + ", every: 24h}\n");
  ASSERT_TRUE(bot.negotiate_one_turn()) << testing::read_file(bot.process.err_path);
  // Every 24h, and far fewer than 512 spans: nothing leaves before the shutdown.
  EXPECT_TRUE(receiver.requests().empty());
  auto done = bot.sigterm();
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_FALSE(contains(done.err, "export.failed")) << done.err;
  const auto requests = receiver.requests();
  ASSERT_FALSE(requests.empty()) << "the exporter drained at SIGTERM";
  for (const char* step : {"pipeline.turn", "llm.counterpart", "tg.reply"})
    EXPECT_TRUE(has_span(requests, step)) << step;
  auto stored = latest_stored_run(bot.dir / "bot.db");
  ASSERT_TRUE(stored.has_value());
  int spans = 0;
  for (const auto& [step, n] : stored->steps) spans += n;
  EXPECT_EQ(receiver.accepted_spans(), static_cast<std::size_t>(spans)) << "every stored span was exported";
}

}  // namespace
}  // namespace dq::e2e

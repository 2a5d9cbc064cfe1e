// dealquest-bot --console with `export.endpoint`: the traces of a conversation reach an OTLP/HTTP receiver
// (the fake one on 127.0.0.1) while the bot runs and at its shutdown, as `dealquest-test export` writes them.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_otlp_receiver.hpp"
#include "tests/support/otlp_json_rules.hpp"

namespace dq::e2e {
namespace {

using Json = nlohmann::json;

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

TEST(BotExport, ABadEndpointInTheConfigStopsTheBotNamingItsPlace) {
  testing::TempDir dir;
  dir.write("bot.yaml", "export:\n  endpoint: localhost:4318\n");
  auto r = bot({"--console", "--config", "bot.yaml", "--scenarios", kScenarios, "--store", "c.db"}, dir, "");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(
      contains(r.err, "[config.invalid_value] bot.yaml:2:13: export.endpoint must be an OTLP/HTTP URL"))
      << r.err;
}

}  // namespace
}  // namespace dq::e2e

#include "bot/app/bot_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace dq::app {
namespace {

TEST(BotConfig, ReadsEveryKey) {
  auto c = parse_bot_config(R"(admins: [111, 222]
store: bot.db
scenarios: my-scenarios
llm: replay
cassette_dir: rec
agents:
  counterpart: {provider: openrouter, model: anthropic/claude-sonnet-4.6}
  coach: {model: claude-haiku-4-5}
budget: {max_usd: 5, test_max_usd: 0.25}
telegram: {poll_timeout_seconds: 10, progress_throttle_ms: 500, per_chat_interval_ms: 900, global_per_second: 20}
dry_run_latency_ms: 40
)",
                            "bot.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().front().to_string();
  EXPECT_EQ(c->admins, (std::set<std::int64_t>{111, 222}));
  EXPECT_EQ(c->store.value_or(""), "bot.db");
  EXPECT_EQ(c->llm, core::Mode::replay);
  ASSERT_TRUE(c->counterpart);
  EXPECT_EQ(c->counterpart->provider, "openrouter");
  EXPECT_EQ(c->coach->model, "claude-haiku-4-5");
  EXPECT_DOUBLE_EQ(c->max_usd.value_or(0), 5.0);
  EXPECT_DOUBLE_EQ(c->test_max_usd.value_or(0), 0.25);
  EXPECT_EQ(c->poll_timeout_seconds.value_or(0), 10);
  EXPECT_EQ(c->global_per_second.value_or(0), 20);
  EXPECT_EQ(c->dry_run_latency_ms.value_or(0), 40);
}

TEST(BotConfig, AnEmptyFileMeansDefaults) {
  auto c = parse_bot_config("", "empty.yaml");
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->admins.empty());
  EXPECT_FALSE(c->llm);
}

TEST(BotConfig, NamesTheKeyAndWhereItIs) {
  auto c = parse_bot_config(
      "admins: [111]\nbudget:\n  max_usd: -1\ntelegram:\n  poll_timeout: 10\nllm: cheap\n", "bot.yaml");
  ASSERT_FALSE(c.has_value());
  ASSERT_EQ(c.error().size(), 3u);
  EXPECT_EQ(c.error()[0].where, "bot.yaml:3:12");
  EXPECT_NE(c.error()[0].message.find("0 or more"), std::string::npos);
  EXPECT_EQ(c.error()[1].code, "config.unknown_key");
  EXPECT_EQ(c.error()[1].where, "bot.yaml:5:3");
  EXPECT_NE(c.error()[1].message.find("poll_timeout"), std::string::npos) << c.error()[1].message;
  EXPECT_NE(c.error()[2].message.find("dry-run, replay or live"), std::string::npos);
}

TEST(BotConfig, RetentionAgesAndHowOftenTheBotPrunes) {
  auto c = parse_bot_config("retention: {metadata: 14d, io: 36h, every: 0s}\n", "bot.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().front().to_string();
  EXPECT_EQ(c->retention_metadata, std::chrono::hours(14 * 24));
  EXPECT_EQ(c->retention_io, std::chrono::hours(36));
  EXPECT_EQ(c->retention_every, std::chrono::milliseconds(0)) << "0s: the bot does not prune";
  auto bad = parse_bot_config("retention:\n  io: 0d\n  metadata: a month\n", "bot.yaml");
  ASSERT_FALSE(bad.has_value());
  ASSERT_EQ(bad.error().size(), 2u);
  EXPECT_EQ(bad.error()[0].where, "bot.yaml:2:7");
  EXPECT_NE(bad.error()[0].message.find("retention.io must be an age such as 30d"), std::string::npos)
      << bad.error()[0].to_string();
  EXPECT_EQ(bad.error()[1].where, "bot.yaml:3:13");
}

TEST(BotConfig, ExportReadsTheEndpointAndHowOften) {
  auto c = parse_bot_config("export: {endpoint: http://localhost:4318, every: 10s}\n", "bot.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().front().to_string();
  EXPECT_EQ(c->export_endpoint, "http://localhost:4318");
  EXPECT_EQ(c->export_every, std::chrono::seconds(10));
  EXPECT_EQ(c->where.at("export.endpoint"), "bot.yaml:1:20");
  auto off = parse_bot_config("store: bot.db\n", "bot.yaml");
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ(off->export_endpoint, std::nullopt) << "no export: section, no export";
}

TEST(BotConfig, ExportErrorsNameTheKeyAndItsPlace) {
  auto bad = parse_bot_config("export:\n  endpoint: localhost:4318\n  every: 0s\n", "bot.yaml");
  ASSERT_FALSE(bad.has_value());
  ASSERT_EQ(bad.error().size(), 2u);
  EXPECT_EQ(bad.error()[0].code, "config.invalid_value");
  EXPECT_EQ(bad.error()[0].where, "bot.yaml:2:13");
  EXPECT_NE(bad.error()[0].message.find("export.endpoint must be an OTLP/HTTP URL"), std::string::npos)
      << bad.error()[0].to_string();
  EXPECT_EQ(bad.error()[1].where, "bot.yaml:3:10");
  EXPECT_NE(bad.error()[1].message.find("export.every must be a duration"), std::string::npos)
      << bad.error()[1].to_string();

  auto missing = parse_bot_config("export: {every: 5s}\n", "bot.yaml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().front().code, "config.missing");
  EXPECT_NE(missing.error().front().message.find("'endpoint'"), std::string::npos)
      << missing.error().front().to_string();

  auto unknown = parse_bot_config("export:\n  endpont: http://localhost:4318\n", "bot.yaml");
  ASSERT_FALSE(unknown.has_value());
  const auto& errors = unknown.error();
  EXPECT_TRUE(std::ranges::any_of(errors, [](const core::Error& e) {
    return e.code == "config.unknown_key" && e.where == "bot.yaml:2:3";
  })) << errors.front().to_string();
}

TEST(BotConfig, AnUnknownKeyNamesTheConfigFileNotAScenario) {
  auto c = parse_bot_config("sotre: bot.db\n", "bot.yaml");
  ASSERT_FALSE(c.has_value());
  const core::Error& e = c.error().front();
  EXPECT_EQ(e.code, "config.unknown_key");
  EXPECT_EQ(e.where, "bot.yaml:1:1");
  EXPECT_NE(e.message.find("unknown key 'sotre' in config file bot.yaml"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("in scenario"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("did you mean 'store'?"), std::string::npos) << e.message;
  auto two = parse_bot_config("store: a.db\n---\nstore: b.db\n", "bot.yaml");
  ASSERT_FALSE(two.has_value());
  EXPECT_NE(two.error().front().message.find("a config file holds exactly one YAML document"),
            std::string::npos)
      << two.error().front().message;
}

TEST(BotConfig, RemembersWhereEachValueWasSet) {
  auto c =
      parse_bot_config("store: bot.db\nllm: live\nagents:\n  coach: {model: claude-haiku-4-5}\n", "bot.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().front().to_string();
  EXPECT_EQ(c->where["store"], "bot.yaml:1:8");
  EXPECT_EQ(c->where["llm"], "bot.yaml:2:6");
  EXPECT_EQ(c->where["agents.coach.model"], "bot.yaml:4:18");
  EXPECT_FALSE(c->where.contains("scenarios"));
}

TEST(BotConfig, RefusesBadAdminIdsAndSyntax) {
  auto bad_id = parse_bot_config("admins: [alice]\n", "bot.yaml");
  ASSERT_FALSE(bad_id.has_value());
  EXPECT_EQ(bad_id.error()[0].where, "bot.yaml:1:10");
  auto syntax = parse_bot_config("admins: [111\n", "bot.yaml");
  ASSERT_FALSE(syntax.has_value());
  EXPECT_TRUE(syntax.error()[0].code.starts_with("config.")) << syntax.error()[0].code;
  auto missing = load_bot_config("/nonexistent/bot.yaml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error()[0].code, "config.not_found");
}

}  // namespace
}  // namespace dq::app

#include "cli/commands/cli_config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/scenario/scenario_parser.hpp"

namespace dq::cli {
namespace {

std::vector<core::Error> errors_of(const std::string& text) {
  auto parsed = parse_cli_config(text, "dealquest.yaml");
  EXPECT_FALSE(parsed.has_value()) << text;
  return parsed ? std::vector<core::Error>{} : parsed.error();
}

TEST(CliConfig, ReadsEveryKeyOfTheDocumentedExample) {
  auto c = parse_cli_config(R"(scenarios: my-scenarios
cassette_dir: my-recordings
store: traces.db
prices: prices.json
concurrency: 8
max_cost: 0.5
judge:
  provider: openrouter
  model: anthropic/claude-haiku-4.5
  max_tokens: 200
compare:
  max_latency_increase: 20%
  max_cost_increase: 10
  fail_on_new_failures: true
retention:
  metadata: 14d
  io: 36h
)",
                            "dealquest.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().front().to_string();
  EXPECT_EQ(c->file, "dealquest.yaml");
  EXPECT_EQ(c->scenarios, "my-scenarios");
  EXPECT_EQ(c->cassette_dir, "my-recordings");
  EXPECT_EQ(c->store, "traces.db");
  EXPECT_EQ(c->prices, "prices.json");
  EXPECT_EQ(c->concurrency, 8);
  EXPECT_EQ(c->max_cost, 0.5);
  ASSERT_TRUE(c->judge.has_value());
  EXPECT_EQ(c->judge->provider, "openrouter");
  EXPECT_EQ(c->judge->model, "anthropic/claude-haiku-4.5");
  EXPECT_EQ(c->judge->max_tokens, 200);
  EXPECT_EQ(c->judge->where.to_string(), "dealquest.yaml:9:10");
  EXPECT_EQ(c->compare.max_latency_increase_pct, 20.0);
  EXPECT_EQ(c->compare.max_cost_increase_pct, 10.0);
  EXPECT_EQ(c->compare.fail_on_new_failures, true);
  EXPECT_EQ(c->retention.metadata, std::chrono::hours(14 * 24));
  EXPECT_EQ(c->retention.io, std::chrono::hours(36));
}

TEST(CliConfig, ARetentionThatIsNotAnAgeIsRefusedAtItsLocation) {
  auto errors = errors_of("retention:\n  io: 7 days\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where, "dealquest.yaml:2:7");
  EXPECT_NE(errors[0].message.find("expected an age such as 30d, 12h or 90m, got '7 days'"),
            std::string::npos)
      << errors[0].to_string();
}

TEST(CliConfig, AnEmptyFileSetsNothing) {
  auto c = parse_cli_config("", "dealquest.yaml");
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(c->store || c->scenarios || c->cassette_dir || c->prices || c->concurrency || c->max_cost ||
               c->judge || c->compare.max_latency_increase_pct);
}

TEST(CliConfig, AJudgeWithOnlyAModelTakesTheDefaultProviderAndMaxTokens) {
  auto c = parse_cli_config("judge: {model: claude-sonnet-4-6}\n", "dealquest.yaml");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->judge->provider, scenario::kDefaultJudgeProvider);
  EXPECT_EQ(c->judge->max_tokens, scenario::kDefaultJudgeMaxTokens);
}

TEST(CliConfig, AnUnknownKeyIsRefusedAtItsLocationWithASuggestion) {
  auto errors = errors_of("store: t.db\ncompare:\n  max_cost_increse: 10%\n");
  ASSERT_EQ(errors.size(), 1u);
  const std::string text = errors.front().to_string();
  EXPECT_TRUE(text.starts_with("[config.unknown_key] dealquest.yaml:3:3: ")) << text;
  EXPECT_NE(text.find("(did you mean 'max_cost_increase'?)"), std::string::npos) << text;
}

TEST(CliConfig, AnUnknownTopLevelKeyNamesTheConfigFileAndSuggests) {
  auto errors = errors_of("concurency: 4\n");
  ASSERT_EQ(errors.size(), 1u);
  const std::string text = errors.front().to_string();
  EXPECT_TRUE(text.starts_with("[config.unknown_key] dealquest.yaml:1:1: ")) << text;
  EXPECT_NE(text.find("config file dealquest.yaml"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean 'concurrency'"), std::string::npos) << text;
}

TEST(CliConfig, ConcurrencyOutsideOneToAThousandIsRefused) {
  for (const char* bad : {"concurrency: 0\n", "concurrency: 1001\n"}) {
    auto errors = errors_of(bad);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors.front().code, "config.invalid_value");
    EXPECT_EQ(errors.front().where, "dealquest.yaml:1:14");
  }
  auto errors = errors_of("concurrency: many\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.front().code, "config.type");
}

TEST(CliConfig, MaxCostMustBeMoreThanZero) {
  for (const char* bad : {"max_cost: 0\n", "max_cost: -1\n"}) {
    auto errors = errors_of(bad);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors.front().code, "config.invalid_value");
    EXPECT_EQ(errors.front().where, "dealquest.yaml:1:11");
  }
}

TEST(CliConfig, PercentagesAreANumberWithOrWithoutThePercentSign) {
  auto c = parse_cli_config("compare: {max_latency_increase: 12.5%, max_cost_increase: \"0\"}\n",
                            "dealquest.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().front().to_string();
  EXPECT_EQ(c->compare.max_latency_increase_pct, 12.5);
  EXPECT_EQ(c->compare.max_cost_increase_pct, 0.0);
  for (const char* bad : {"compare:\n  max_cost_increase: ten\n", "compare:\n  max_cost_increase: -5%\n",
                          "compare:\n  max_cost_increase: 5%%\n", "compare:\n  max_cost_increase: [5]\n"}) {
    auto errors = errors_of(bad);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors.front().code, "config.invalid_value") << bad;
    EXPECT_EQ(errors.front().where, "dealquest.yaml:2:22") << bad;
  }
}

TEST(CliConfig, EveryProblemIsReportedInFileOrder) {
  auto errors =
      errors_of("concurrency: 0\njudge: {provider: openai}\ncompare: {fail_on_new_failures: maybe}\n");
  ASSERT_EQ(errors.size(), 4u);  // concurrency, provider, judge.model missing, the boolean
  EXPECT_EQ(errors[0].where, "dealquest.yaml:1:14");
  EXPECT_EQ(errors[1].code, "config.missing");
  EXPECT_EQ(errors[2].where, "dealquest.yaml:2:19");
  EXPECT_EQ(errors[3].where, "dealquest.yaml:3:33");
}

TEST(CliConfig, BrokenYamlIsASyntaxError) {
  auto errors = errors_of("store: [unclosed\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.front().code, "config.syntax");
}

TEST(CliConfig, AMissingConfigFileNamedByTheFlagIsAnError) {
  auto c = load_cli_config("no-such-dir/dealquest.yaml");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().front().code, "config.not_found");
}

const char* kJudgedScenario = R"(id: judged
title: Judged
persona: {name: Pat, role: buyer, style: calm, goal: pay little}
facts: ["The price is $100"]
agents:
  counterpart: {model: claude-haiku-4-5, max_tokens: 100}
  coach: {model: claude-haiku-4-5, max_tokens: 100}
turns:
  - user: "Hello"
    expect:
      judge: "Pat is polite"
)";

TEST(CliConfig, TheConfiguredJudgeGoesToScenariosWithJudgeChecksAndNoJudgeAgent) {
  auto parsed = scenario::parse_scenario(kJudgedScenario, "judged.yaml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().front().to_string();
  std::vector<scenario::Scenario> scenarios{*parsed, *parsed};
  scenarios[1].agents["judge"].model = "own-judge";
  CliConfig config;
  apply_judge_default(scenarios, config);
  EXPECT_FALSE(scenarios[0].agents.contains("judge"));
  config.judge.emplace();
  config.judge->provider = "openrouter";
  config.judge->model = "anthropic/claude-haiku-4.5";
  apply_judge_default(scenarios, config);
  EXPECT_EQ(scenarios[0].agents.at("judge").model, "anthropic/claude-haiku-4.5");
  EXPECT_EQ(scenarios[1].agents.at("judge").model, "own-judge");
}

}  // namespace
}  // namespace dq::cli

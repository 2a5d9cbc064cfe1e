#include "bot/app/option_errors.hpp"

#include <gtest/gtest.h>

#include "bot/app/app_errors.hpp"
#include "bot/llm/llm_errors.hpp"

namespace dq::app {
namespace {

// Options as parse_bot_options leaves them for `--config bot.yaml` holding `yaml`, no flags.
BotOptions from_file(const std::string& yaml, bool console = true) {
  auto config = parse_bot_config(yaml, "bot.yaml");
  EXPECT_TRUE(config.has_value());
  BotOptions o;
  o.console = console;
  o.config = config.value_or(BotConfig{});
  o.config_file = "bot.yaml";
  if (o.config.llm) o.llm = *o.config.llm;
  if (o.config.store) o.store = *o.config.store;
  return o;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(OptionErrors, AMissingKeyUnderTheConfigFilesLiveModeNamesTheFileTheKeyAndTheWayOut) {
  const BotOptions o = from_file("admins: [111111111]\nstore: dealquest.db\nllm: live\n");
  const core::Error e = blame_config(
      core::Error{std::string(llm::errc::no_api_key), "", "set ANTHROPIC_API_KEY to call anthropic"}, o,
      "llm");
  EXPECT_EQ(e.code, llm::errc::no_api_key) << "the code stays: scripts match it";
  EXPECT_EQ(e.where, "bot.yaml:3:6");
  EXPECT_TRUE(has(e.message, "llm: live in the config file")) << e.message;
  EXPECT_TRUE(has(e.message, "ANTHROPIC_API_KEY")) << e.message;
  EXPECT_TRUE(has(e.message, "--llm dry-run")) << e.message;
  EXPECT_TRUE(has(e.message, "flags override the config file")) << e.message;
}

TEST(OptionErrors, NamesTheAgentWhoseProviderTheFileChose) {
  const BotOptions o = from_file("llm: live\nagents: {coach: {provider: openrouter}}\n");
  const core::Error e = blame_config(
      core::Error{std::string(llm::errc::no_api_key), "", "set OPENROUTER_API_KEY to call openrouter"}, o,
      "llm");
  EXPECT_TRUE(
      has(e.message,
          "needs an API key (for agents.coach.provider: openrouter, bot.yaml:2:28): set OPENROUTER_API_KEY"))
      << e.message;
}

TEST(OptionErrors, ASettingAFlagOverrodeIsNotBlamedOnTheFile) {
  BotOptions o = from_file("llm: live\n");
  o.from_flags.insert("llm");
  const core::Error original{std::string(llm::errc::no_api_key), "",
                             "set ANTHROPIC_API_KEY to call anthropic"};
  const core::Error e = blame_config(original, o, "llm");
  EXPECT_EQ(e.where, "");
  EXPECT_EQ(e.message, original.message);
  EXPECT_FALSE(config_origin(o, "llm").has_value());
}

TEST(OptionErrors, OtherSettingsGetTheirKeyLocationAndFlag) {
  const BotOptions o = from_file("store: /nowhere/bot.db\n");
  const core::Error e = blame_config(core::Error{"store.open", "/nowhere/bot.db", "cannot open"}, o, "store");
  EXPECT_EQ(e.where, "/nowhere/bot.db");
  EXPECT_TRUE(has(e.message, "store: /nowhere/bot.db is set in the config file at bot.yaml:1:8"))
      << e.message;
  EXPECT_TRUE(has(e.message, "--store overrides it")) << e.message;
}

TEST(OptionErrors, TheConsoleRefusesReplayAndSaysWhatToUseInstead) {
  BotOptions flag;
  flag.console = true;
  flag.llm = core::Mode::replay;
  flag.from_flags.insert("llm");
  auto refused = check_console_mode(flag);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, errc::console_replay);
  EXPECT_TRUE(has(refused->message, "--llm replay")) << refused->message;
  EXPECT_TRUE(has(refused->message, "scripted lines")) << refused->message;
  EXPECT_TRUE(has(refused->message, "--llm dry-run")) << refused->message;
  EXPECT_TRUE(has(refused->message, "dealquest-test run --replay")) << refused->message;

  auto from_config = check_console_mode(from_file("llm: replay\n"));
  ASSERT_TRUE(from_config.has_value());
  EXPECT_EQ(from_config->where, "bot.yaml:1:6");
  EXPECT_TRUE(has(from_config->message, "llm: replay in the config file")) << from_config->message;

  EXPECT_FALSE(check_console_mode(from_file("llm: replay\n", /*console=*/false))) << "Telegram may replay";
  BotOptions dry;
  dry.console = true;
  dry.llm = core::Mode::dry_run;
  EXPECT_FALSE(check_console_mode(dry));
}

}  // namespace
}  // namespace dq::app

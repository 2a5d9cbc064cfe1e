#include "bot/app/harness_tester.hpp"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "bot/app/app_errors.hpp"
#include "bot/app/child_process.hpp"

namespace dq::app {
namespace asio = boost::asio;
using nlohmann::json;

namespace {

std::string dollars(double usd) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.4f", usd);
  return buf;
}

core::Result<json> json_of(const ChildResult& r, const std::string& what) {
  // The harness prints its JSON document on stdout; anything before the first '{' is a warning line.
  const auto start = r.output.find('{');
  json doc = start == std::string::npos ? json() : json::parse(r.output.substr(start), nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return core::fail(
        errc::test_failed, what,
        "dealquest-test exited " + std::to_string(r.exit_code) + ": " + r.output.substr(0, 600));
  return doc;
}

}  // namespace

std::string harness_next_to_me() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "dealquest-test";
  return (self.parent_path() / "dealquest-test").string();
}

asio::awaitable<core::Result<chat::TestPlan>> HarnessTester::plan(const scenario::Scenario& s) {
  const std::string cassette = options_.cassette_dir + "/" + s.id + ".json";
  if (std::filesystem::exists(cassette)) {
    co_return chat::TestPlan{
        "replay",
        "Replay of the recorded answers in " + cassette + ".\nCost now: $0 (no provider is called).", ""};
  }
  auto op = run_child(executor_, {options_.harness_binary, "estimate", s.where.file, "--format", "json"},
                      std::chrono::seconds(60));
  auto done = co_await std::move(op);
  if (!done) co_return std::unexpected(done.error());
  auto doc = json_of(*done, "estimate " + s.id);
  if (!doc) co_return std::unexpected(doc.error());
  const std::string confirm = doc->value("confirm_amount", "");
  const double expected = doc->value("expected_usd", 0.0);
  std::string summary =
      "Live run: no recording for this scenario.\nLLM calls: " + std::to_string(doc->value("calls", 0)) +
      "\nExpected cost: " + dollars(expected) + "\nWorst case: $" + confirm +
      "\nCap: " + dollars(options_.max_usd);
  co_return chat::TestPlan{"live", std::move(summary), confirm};
}

asio::awaitable<core::Result<std::string>> HarnessTester::run(const scenario::Scenario& s,
                                                              const chat::TestPlan& plan) {
  std::vector<std::string> argv{options_.harness_binary, "run",      s.where.file, "--store",
                                options_.store,          "--format", "json",       "--cassette-dir",
                                options_.cassette_dir};
  if (plan.mode == "live") {
    char cap[32];
    std::snprintf(cap, sizeof cap, "%.6f", options_.max_usd);
    argv.insert(argv.end(), {"--live", "--confirm-cost", plan.confirm_usd, "--max-cost", cap});
  } else {
    argv.push_back("--replay");
  }
  auto op = run_child(executor_, std::move(argv), std::chrono::minutes(10));
  auto done = co_await std::move(op);
  if (!done) co_return std::unexpected(done.error());
  auto doc = json_of(*done, "run " + s.id);
  if (!doc) co_return std::unexpected(doc.error());
  std::string out =
      "Run " + doc->value("run_id", std::string("?")) + " (" + doc->value("mode", plan.mode) + ")\n";
  if (doc->contains("scenarios") && (*doc)["scenarios"].is_array()) {
    for (const auto& sc : (*doc)["scenarios"]) {
      out += sc.value("id", std::string("?")) + ": " + sc.value("status", std::string("?")) + "\n";
      if (sc.contains("checks") && sc["checks"].is_array())
        for (const auto& c : sc["checks"]) {
          if (c.value("status", std::string()) == "pass") continue;
          out += "  turn " + std::to_string(c.value("turn", 0)) + " " + c.value("check", std::string()) +
                 ": " + c.value("status", std::string()) + " " + c.value("detail", std::string()) + "\n";
        }
    }
  }
  if (doc->contains("summary") && (*doc)["summary"].is_object()) {
    const json& sum = (*doc)["summary"];
    out += "LLM calls: " + std::to_string(sum.value("llm_calls", 0)) + ", cost " +
           dollars(sum.value("cost_usd", 0.0)) +
           (plan.mode == "replay" ? " (recorded; nothing was spent now)" : "") + "\n";
  }
  out += "Exit code: " + std::to_string(done->exit_code);
  co_return out;
}

}  // namespace dq::app

#pragma once
// Shared by the end-to-end tests: where the built binary and the shipped scenarios are, and a runner.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bot/store/sqlite_store.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::e2e {

inline const std::string kBin = DQ_TEST_BIN;
inline const std::string kScenarios = std::string(DQ_SOURCE_DIR) + "/scenarios";
inline const std::string kRecordings = std::string(DQ_SOURCE_DIR) + "/recordings";

inline testing::ProcessResult dq_test(std::vector<std::string> args, const testing::TempDir& dir,
                                      std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), kBin);
  env.emplace("NO_COLOR", "1");
  return testing::run_process(args, {dir.path().string(), env, {}});
}

// CI (the CI variable set and non-empty) must run every test: there a test whose tool is missing fails with
// `[test.tool_missing]` and what to install; elsewhere it is skipped. A macro because GTEST_SKIP and FAIL
// return from the test body.
inline bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0';
}
#define DQ_SKIP_OR_FAIL_IN_CI(why)                                     \
  do {                                                                 \
    if (::dq::e2e::in_ci()) FAIL() << "[test.tool_missing] " << (why); \
    GTEST_SKIP() << (why);                                             \
  } while (0)

// Why strace cannot watch a child here, or nothing when it can.
inline std::optional<std::string> strace_unusable() {
  if (testing::run_process({"strace", "-V"}).exit_code != 0)
    return "strace not found: install Debian package strace (scripts/packages.txt)";
  if (testing::run_process({"strace", "-f", "-o", "/dev/null", "true"}).exit_code != 0)
    return "strace cannot trace here (no ptrace permission): allow ptrace (e.g. docker --cap-add=SYS_PTRACE)";
  return std::nullopt;
}

inline bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// Waits for an event in another process (a line in its output, a row in the store, a request count): checks
// `happened` every 20 ms until it holds (true) or `deadline` passed (false). Never a fixed sleep.
template <class Predicate>
bool wait_until(Predicate happened, std::chrono::milliseconds deadline = std::chrono::seconds(15)) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (!happened()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The latest run in the store at `path`, with how many spans of each step its traces hold.
struct StoredRun {
  query::RunRow run;
  std::map<std::string, int> steps;
};
inline std::optional<StoredRun> latest_stored_run(const std::filesystem::path& path) {
  auto store = store::SqliteStore::open(path.string());
  if (!store) return std::nullopt;
  auto run = (*store)->latest_run();
  if (!run || !*run) return std::nullopt;
  auto samples = (*store)->step_samples((*run)->run_id);
  if (!samples) return std::nullopt;
  StoredRun out{**run, {}};
  for (const auto& s : *samples) ++out.steps[s.name];
  return out;
}

// A valid scenario whose turn 2 is scripted (mock_reply) to break a `contains` expectation.
inline const char* kFailingScenario = R"(id: failing-demo
title: A counterpart that dodges the question
persona: {name: Dana, role: seller}
facts:
  - "Price: $12,000 for the boat"
agents:
  counterpart: {model: claude-sonnet-4-6, max_tokens: 300}
  coach: {model: claude-haiku-4-5, max_tokens: 600}
turns:
  - user: "What is the price of the boat?"
    expect: {contains: "12,000"}
  - user: "And what is the price again?"
    mock_reply: "Let us talk about the weather instead."
    expect:
      contains: "12,000"
debrief:
  expect:
    json_shape:
      score: {type: integer, min: 0, max: 10}
)";

}  // namespace dq::e2e

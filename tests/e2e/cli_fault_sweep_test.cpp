// Every fault the fake LLM server injects, persistent, against `run --live` and `run --live --record all`:
// each ends the scenario with its stable code at scenario/turn/step and exit 3, the run row is finished
// (not left running), no span is lost, and the recording on disk stays byte-identical. Faults that only
// cost time (timeout, stall_mid_body) are swept at the provider level with a short timeout
// (tests/bot/llm/provider_fault_sweep_test.cpp): here they would wait out the real 120 s provider timeout.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_llm_server.hpp"

namespace dq::e2e {
namespace {

namespace fs = std::filesystem;
using testing::Fault;

struct Case {
  Fault fault;
  const char* code;
};

constexpr Case kCases[] = {{Fault::rate_limit_429, "[llm.rate_limited]"},
                           {Fault::overloaded_529, "[llm.overloaded]"},
                           {Fault::server_500, "[llm.server_error]"},
                           {Fault::truncated_body, "[llm.io]"},
                           {Fault::reset_mid_body, "[llm.io]"},
                           {Fault::malformed_json, "[llm.bad_response]"},
                           {Fault::wrong_content_type, "[llm.bad_response]"},
                           {Fault::missing_fields, "[llm.bad_response]"},
                           {Fault::huge_body, "[http.too_large]"}};

class CliFaultSweep : public ::testing::TestWithParam<bool /*record*/> {};

TEST_P(CliFaultSweep, EveryPersistentProviderFaultIsItsCodeExit3AFinishedRunAndAnUntouchedRecording) {
  const bool record = GetParam();
  const std::string scenario = kScenarios + "/salary-raise.yaml";
  const std::string cassette = std::string(DQ_SOURCE_DIR) + "/recordings/salary-raise.json";
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(testing::fault_name(c.fault)) + (record ? " (record)" : " (live)"));
    testing::TempDir dir;
    fs::create_directories(dir / "rec");
    fs::copy_file(cassette, dir / "rec/salary-raise.json");
    testing::FakeLlmServer fake;
    fake.set_retry_after_seconds(0);
    fake.inject(c.fault, 100);
    fake.start();
    const std::map<std::string, std::string> env{{"ANTHROPIC_API_KEY", "sk-ant-api03-SWEEPSWEEPSWEEPSWEEP"},
                                                 {"OPENROUTER_API_KEY", "sk-or-v1-sweepsweepsweepsweep"},
                                                 {"ANTHROPIC_BASE_URL", fake.base_url()},
                                                 {"OPENROUTER_BASE_URL", fake.base_url()},
                                                 {"CI", ""}};
    auto estimate = dq_test({"estimate", scenario, "--format", "json"}, dir);
    std::vector<std::string> args{"run",
                                  "--live",
                                  scenario,
                                  "--store",
                                  "t.db",
                                  "--confirm-cost",
                                  nlohmann::json::parse(estimate.out)["confirm_amount"]};
    if (record) args.insert(args.end(), {"--record", "all", "--cassette-dir", "rec"});
    auto r = dq_test(args, dir, env);

    EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, std::string(c.code) + " salary-raise/turn 1/llm.counterpart")) << r.out;
    SQLite::Database db((dir / "t.db").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT status FROM runs").getString(), "error") << "finished, not left running";
    EXPECT_EQ(db.execAndGet("SELECT dropped_spans FROM runs").getInt64(), 0) << "nothing lost";
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM spans WHERE name = 'llm.counterpart' AND status = 'error'")
                  .getInt(),
              1)
        << "the failed step is in the trace";
    EXPECT_EQ(testing::read_file((dir / "rec/salary-raise.json").string()), testing::read_file(cassette))
        << "the recording is untouched";
  }
}

INSTANTIATE_TEST_SUITE_P(LiveAndRecord, CliFaultSweep, ::testing::Bool());

}  // namespace
}  // namespace dq::e2e

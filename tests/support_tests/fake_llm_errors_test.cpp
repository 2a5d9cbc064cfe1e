// The fake LLM server refusing what it cannot serve: a responses file with a bad entry, an unknown fault.
#include <gtest/gtest.h>

#include "tests/support/fake_llm_server.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::testing {
namespace {

TEST(FakeLlmErrors, AnInvalidResponsesFileIsAnErrorNamingTheEntry) {
  FakeLlmServer server;
  TempDir dir;
  auto result = server.load_responses(
      dir.write("bad.json", R"({"responses": [{"text": "ok"}, {"agent": "referee", "text": "x"}]})"));
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().find("responses[1]"), std::string::npos) << result.error();
  EXPECT_FALSE(server.load_responses(dir / "missing.json").has_value());
}

TEST(FakeLlmErrors, AnUnknownFaultIsAUsageErrorOfTheProgram) {
  auto r = run_process({DQ_FAKE_LLM_BIN, "--fault", "teapot_418"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown fault 'teapot_418'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace dq::testing

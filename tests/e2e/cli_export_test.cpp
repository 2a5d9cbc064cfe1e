// `export --format otlp-json` of a `run --replay` of the shipped scenarios: to a file that keeps the
// OTLP/JSON rules, and to a fake OTLP/HTTP receiver that checks them (with retries through 503s, and an
// endpoint that is down).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/e2e/e2e_support.hpp"
#include "tests/support/fake_otlp_receiver.hpp"
#include "tests/support/otlp_json_rules.hpp"
#include "tests/support/pg_server.hpp"

namespace dq::e2e {
namespace {

const std::string kRecordings = std::string(DQ_SOURCE_DIR) + "/recordings";

class CliExport : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", "t.db"}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    auto run = latest_stored_run(dir.path() / "t.db");
    ASSERT_TRUE(run);
    for (const auto& [step, n] : run->steps) run_spans += static_cast<std::size_t>(n);
    ASSERT_GT(run_spans, 0u);
  }

  testing::TempDir dir;
  std::size_t run_spans = 0;
};

TEST_F(CliExport, WritesAFileOfRequestsThatKeepTheOtlpRulesWithEverySpanOfTheRun) {
  auto r = dq_test({"export", "--format", "otlp-json", "--store", "t.db", "--out", "f.json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::istringstream lines(testing::read_file((dir.path() / "f.json").string()));
  std::size_t spans = 0, requests = 0;
  for (std::string line; std::getline(lines, line); ++requests) {
    const auto request = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(request.is_discarded()) << "line " << requests + 1 << " is not JSON";
    EXPECT_EQ(testing::otlp_rule_broken(request), std::nullopt) << "line " << requests + 1;
    spans += testing::otlp_span_count(request);
  }
  EXPECT_GE(requests, 1u);
  EXPECT_EQ(spans, run_spans);
  EXPECT_TRUE(contains(r.out, "exported " + std::to_string(run_spans) + " spans")) << r.out;
  // The replayed calls were recorded from Anthropic's API: the provider that answered them is named.
  EXPECT_TRUE(contains(testing::read_file((dir.path() / "f.json").string()),
                       R"({"key":"gen_ai.provider.name","value":{"stringValue":"anthropic"}})"));
}

// The same replay stored on a PostgreSQL server exports the same spans under the same rules.
TEST_F(CliExport, AReplayOnPostgresqlExportsTheSameSpansUnderTheSameRules) {
  testing::PgServer* server = testing::shared_pg_server();
  DQ_REQUIRE_PG(server);
  const std::string uri = server->fresh_database();
  auto run = dq_test({"run", "--replay", kScenarios, "--cassette-dir", kRecordings, "--store", uri}, dir);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto r = dq_test({"export", "--format", "otlp-json", "--store", uri, "--out", "pg.json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::istringstream lines(testing::read_file((dir.path() / "pg.json").string()));
  std::size_t spans = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto request = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(request.is_discarded());
    EXPECT_EQ(testing::otlp_rule_broken(request), std::nullopt);
    spans += testing::otlp_span_count(request);
  }
  EXPECT_EQ(spans, run_spans);
}

TEST_F(CliExport, PostsToAReceiverThroughTwo503s) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  receiver.fail_next(503, 2, 0);
  auto r =
      dq_test({"export", "--format", "otlp-json", "--store", "t.db", "--endpoint", receiver.base_url()}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto requests = receiver.requests();
  EXPECT_GE(requests.size(), 3u);
  for (const auto& q : requests) {
    EXPECT_EQ(q.path, "/v1/traces");
    EXPECT_TRUE(q.status == 503 || q.status == 200) << q.status << " " << q.body.substr(0, 300);
  }
  EXPECT_EQ(receiver.accepted_spans(), run_spans);
}

TEST_F(CliExport, AnEndpointThatIsDownIsAnInfrastructureErrorNamingIt) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  const std::string url = receiver.base_url();
  receiver.stop();  // nothing listens on that port now
  auto r = dq_test({"export", "--format", "otlp-json", "--store", "t.db", "--endpoint", url}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[export.send_failed] " + url + "/v1/traces: gave up")) << r.err;
  EXPECT_TRUE(contains(r.err, "http.connect")) << r.err;
}

TEST_F(CliExport, AnUnknownRunIsAUsageError) {
  auto r = dq_test({"export", "--format", "otlp-json", "--store", "t.db", "--run", "nosuch"}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[report.unknown_run] nosuch")) << r.err;
}

TEST_F(CliExport, SinceTakesDurationsAndRefusesOthers) {
  auto recent = dq_test({"export", "--store", "t.db", "--since", "1h"}, dir);
  ASSERT_EQ(recent.exit_code, 0) << recent.err;
  EXPECT_EQ(testing::otlp_body_rule_broken(recent.out.substr(0, recent.out.find('\n'))), std::nullopt);
  auto bad = dq_test({"export", "--store", "t.db", "--since", "soon"}, dir);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_TRUE(contains(bad.err, "[export.bad_since]")) << bad.err;
}

TEST(CliExportWithoutAStore, SaysSoAndIsAUsageError) {
  testing::TempDir dir;
  auto r = dq_test({"export", "--format", "otlp-json", "--store", "none.db"}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "[report.no_store]")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "none.db"));
}

}  // namespace
}  // namespace dq::e2e

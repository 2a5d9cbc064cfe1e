#include "bot/trace/log.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "bot/trace/context_executor.hpp"
#include "bot/trace/span.hpp"
#include "bot/trace/tracer.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/recording_span_sink.hpp"
#include "tests/support/run_loop.hpp"

namespace dq::log {
namespace {

TEST(Log, AnUntracedLineHasOnlyWhatTheCallerGave) {
  auto line = nlohmann::json::parse(format_line(
      Level::warn, "bot.refused", {{"chat", "42"}, {"why", "a \"quote\"\n"}}, "2026-11-22T00:00:00.000Z"));
  EXPECT_EQ(line["level"], "warn");
  EXPECT_EQ(line["event"], "bot.refused");
  EXPECT_EQ(line["chat"], "42");
  EXPECT_EQ(line["why"], "a \"quote\"\n");
  EXPECT_FALSE(line.contains("trace"));
}

boost::asio::awaitable<std::string> step_that_logs() {
  trace::Span span("llm.counterpart");
  co_return format_line(Level::warn, "llm.retry", {{"attempt", "1"}, {"chat", "from-caller"}}, "t");
}

TEST(Log, ALineInsideAStepCarriesTheTraceUserChatScenarioAndStep) {
  testing::FakeClock clock;
  testing::RecordingSpanSink sink;
  trace::Tracer tracer(clock, sink);
  boost::asio::io_context io;
  trace::TraceAttributes attrs{"", "turn", "used-car", 2, "777", "4242"};
  auto line = nlohmann::json::parse(testing::run_to_completion(
      io, trace::in_new_trace(io.get_executor(), tracer, "pipeline.turn", attrs, step_that_logs())));
  ASSERT_EQ(sink.spans.size(), 2u);
  EXPECT_EQ(line["trace"], sink.spans[0].trace_id.hex());
  EXPECT_EQ(line["span"], sink.spans[0].span_id.hex()) << "the step's own span";
  EXPECT_EQ(line["step"], "llm.counterpart");
  EXPECT_EQ(line["user"], "777");
  EXPECT_EQ(line["scenario"], "used-car");
  EXPECT_EQ(line["chat"], "from-caller") << "what the caller gives wins, and is not repeated";
  EXPECT_EQ(line["attempt"], "1");
}

TEST(Log, FingerprintsInsteadOfText) {
  EXPECT_EQ(fingerprint("I offer 80k"), fingerprint("I offer 80k"));
  EXPECT_NE(fingerprint("I offer 80k"), fingerprint("I offer 81k"));
  EXPECT_EQ(fingerprint("I offer 80k").find("80k"), std::string::npos);
  EXPECT_EQ(fingerprint("abc").substr(0, 6), "len=3 ");
}

TEST(Log, RedactedShowsAnErrorsOwnWordsAndOnlyTheFingerprintOfItsDetail) {
  const core::Error e{"cassette.no_match", "llm.counterpart",
                      "no recorded request matches anthropic POST /v1/messages",
                      "\n  + requested: I offer MARKER-5c1e 80k"};
  const std::string shown = redacted(e);
  EXPECT_EQ(shown,
            "[cassette.no_match] llm.counterpart: no recorded request matches anthropic POST /v1/messages "
            "(detail " +
                fingerprint(e.detail) + ")");
  EXPECT_EQ(shown.find("MARKER-5c1e"), std::string::npos);
  EXPECT_EQ(redacted(core::Error{"store.io", "", "disk full"}), "[store.io] disk full");
}

}  // namespace
}  // namespace dq::log

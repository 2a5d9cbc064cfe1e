#include "bot/otlp/trace_exporter.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "bot/core/clock.hpp"
#include "bot/http/curl_http_client.hpp"
#include "bot/trace/log.hpp"
#include "bot/trace/span_queue.hpp"
#include "bot/trace/tee_trace_sink.hpp"
#include "tests/support/fake_otlp_receiver.hpp"
#include "tests/support/otlp_json_rules.hpp"
#include "tests/support/trace_fixtures.hpp"

namespace dq::otlp {
namespace {

using std::chrono::milliseconds;
using Json = nlohmann::json;

constexpr milliseconds kWithin{30'000};  // a deadline for what must happen, never a wait

// A TraceSink that keeps what it is given (the store's place in the tee).
class KeepingSink final : public trace::TraceSink {
 public:
  core::Result<void> write_batch(std::span<const trace::SpanRecord> spans) override {
    std::lock_guard lock(mutex_);
    spans_.insert(spans_.end(), spans.begin(), spans.end());
    return {};
  }
  std::vector<trace::SpanRecord> spans() const {
    std::lock_guard lock(mutex_);
    return spans_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<trace::SpanRecord> spans_;
};

// Log lines, captured for the test's length.
class CapturedLog {
 public:
  CapturedLog() : file_(std::tmpfile()) { log::set_sink(file_); }
  ~CapturedLog() {
    log::set_sink(stderr);
    std::fclose(file_);
  }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  std::string text() const {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file_)) > 0;) out.append(buf, n);
    return out;
  }

 private:
  std::FILE* file_;
};

std::int64_t now_ms() {
  return core::SystemClock::instance().wall_ms();
}

// One turn trace of `children` + 1 spans, root last (the order a pipeline's spans end in).
std::vector<trace::SpanRecord> turn_spans(int children, std::string scenario = "used-car") {
  KeepingSink sink;
  testing::write_turn_trace(sink, now_ms(), children, false, std::move(scenario));
  return sink.spans();
}

ExporterOptions options_for(const testing::FakeOtlpReceiver& receiver) {
  ExporterOptions o;
  o.url = receiver.base_url() + "/v1/traces";
  o.every = std::chrono::hours(1);  // rounds come from flush(), a full batch, or stop()
  o.send.max_attempts = 2;
  o.send.first_backoff = milliseconds(1);
  o.send.request_timeout = milliseconds(20'000);
  o.service_version = "9.9.9";
  return o;
}

std::unique_ptr<TraceExporter> exporter_for(ExporterOptions o) {
  auto make_client = [](boost::asio::any_io_executor e) -> std::unique_ptr<http::HttpClient> {
    return std::make_unique<http::CurlHttpClient>(std::move(e));
  };
  return std::make_unique<TraceExporter>(std::move(o), std::move(make_client),
                                         std::make_unique<trace::AsioTimers>(core::SystemClock::instance()));
}

// Every span the receiver accepted, by name, with its attributes as key -> value object.
std::map<std::string, std::vector<Json>> accepted_spans(const testing::FakeOtlpReceiver& receiver) {
  std::map<std::string, std::vector<Json>> by_name;
  for (const auto& request : receiver.requests()) {
    if (request.status != 200) continue;
    const Json body = Json::parse(request.body);
    for (const auto& rs : body["resourceSpans"])
      for (const auto& ss : rs["scopeSpans"])
        for (const auto& span : ss["spans"]) {
          Json attrs = Json::object();
          for (const auto& a : span["attributes"]) attrs[a["key"].get<std::string>()] = a["value"];
          by_name[span["name"].get<std::string>()].push_back(attrs);
        }
  }
  return by_name;
}

TEST(TraceExporter, SendsEachTraceWithItsRootsAttributesInRequestsThatKeepTheOtlpRules) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  auto exporter = exporter_for(options_for(receiver));
  const auto first = turn_spans(5);
  const auto second = turn_spans(5, "salary");
  // The first trace split across two batches, its root in the second: it still goes out whole.
  ASSERT_TRUE(exporter->write_batch(std::span(first).first(3)));
  ASSERT_TRUE(exporter->write_batch(std::span(first).subspan(3)));
  ASSERT_TRUE(exporter->write_batch(second));
  exporter->flush();

  EXPECT_EQ(receiver.accepted_spans(), 12u);
  for (const auto& request : receiver.requests()) {
    EXPECT_EQ(request.status, 200) << request.body;
    EXPECT_EQ(testing::otlp_body_rule_broken(request.body), std::nullopt) << request.body;
    const Json body = Json::parse(request.body);
    EXPECT_EQ(body["resourceSpans"][0]["resource"]["attributes"][0]["value"]["stringValue"], "dealquest-bot");
  }
  const auto spans = accepted_spans(receiver);
  ASSERT_EQ(spans.at("ctx.load").size(), 2u);
  for (const auto& attrs : spans.at("ctx.load")) {
    EXPECT_TRUE(attrs.contains("dealquest.scenario")) << attrs.dump() << ": a child has its root's scenario";
    EXPECT_EQ(attrs["dealquest.turn"]["intValue"], "1") << attrs.dump();
  }
  for (const auto& attrs : spans.at("llm.counterpart")) {
    EXPECT_EQ(attrs["gen_ai.request.model"]["stringValue"], "claude-haiku-4-5") << attrs.dump();
    EXPECT_EQ(attrs["gen_ai.usage.input_tokens"]["intValue"], "100") << attrs.dump();
    EXPECT_EQ(attrs["gen_ai.operation.name"]["stringValue"], "chat") << attrs.dump();
  }
  const ExportStats s = exporter->stats();
  EXPECT_EQ(s.received, 12u);
  EXPECT_EQ(s.sent, 12u);
  EXPECT_EQ(s.dropped + s.failed, 0u);
}

TEST(TraceExporter, AReceiverThatIsDownCostsCountedAndLoggedFailuresAfterTheRetries) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  ExporterOptions o = options_for(receiver);
  receiver.stop();  // nothing listens on its port any more
  CapturedLog log;
  auto exporter = exporter_for(std::move(o));
  ASSERT_TRUE(exporter->write_batch(turn_spans(5)));
  ASSERT_TRUE(exporter->write_batch(turn_spans(5)));
  exporter->flush();

  const ExportStats s = exporter->stats();
  EXPECT_EQ(s.sent, 0u);
  EXPECT_EQ(s.failed, 12u);
  EXPECT_NE(s.last_error.find("export.send_failed"), std::string::npos) << s.last_error;
  const std::string lines = log.text();
  EXPECT_NE(lines.find(R"("event":"export.failed")"), std::string::npos) << lines;
  EXPECT_NE(lines.find(R"("spans":"12")"), std::string::npos) << "one line for the round: " << lines;
}

TEST(TraceExporter, ABlockedReceiverNeverHoldsUpTheSpanWriterAndWhatDoesNotFitIsDroppedAndCounted) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  receiver.hold_answers();
  ExporterOptions o = options_for(receiver);
  o.capacity = 10;
  o.batch_spans = 6;  // six spans queued start a round without flush()
  CapturedLog log;
  auto exporter = exporter_for(std::move(o));
  KeepingSink store;
  trace::TeeTraceSink tee(store, *exporter);
  trace::SpanQueue queue(tee);

  for (auto& s : turn_spans(5)) queue.submit(std::move(s));
  queue.flush();
  ASSERT_TRUE(receiver.wait_for_held(1, kWithin)) << "the exporter's thread sent the first trace";

  // The exporter's thread now waits on the receiver; submit and the writer go on regardless.
  for (int t = 0; t < 4; ++t)
    for (auto& s : turn_spans(4)) queue.submit(std::move(s));
  queue.flush();
  EXPECT_EQ(store.spans().size(), 26u) << "every span reached the store";
  EXPECT_EQ(queue.stats().dropped, 0u);
  EXPECT_EQ(exporter->stats().dropped, 16u) << "6 in flight + 4 queued fill the capacity of 10";

  receiver.release_answers();
  exporter->flush();
  const ExportStats s = exporter->stats();
  EXPECT_EQ(s.sent, 10u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_EQ(receiver.accepted_spans(), 10u);
  for (const auto& request : receiver.requests())
    EXPECT_EQ(testing::otlp_body_rule_broken(request.body), std::nullopt) << request.body;
  const std::string lines = log.text();
  EXPECT_NE(lines.find(R"("event":"export.dropped")"), std::string::npos) << lines;
  EXPECT_NE(lines.find(R"("spans":"16")"), std::string::npos) << lines;
}

TEST(TraceExporter, StopGivesUpOnAHeldRequestAtItsBoundAndCountsItsSpansAsFailed) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  receiver.hold_answers();
  ExporterOptions o = options_for(receiver);
  o.batch_spans = 6;
  auto exporter = exporter_for(std::move(o));
  ASSERT_TRUE(exporter->write_batch(turn_spans(5)));
  ASSERT_TRUE(receiver.wait_for_held(1, kWithin));
  exporter->stop(milliseconds(10));

  const ExportStats s = exporter->stats();
  EXPECT_EQ(s.sent, 0u);
  EXPECT_EQ(s.failed, 6u);
  ASSERT_TRUE(exporter->write_batch(turn_spans(1)));
  EXPECT_EQ(exporter->stats().dropped, 2u) << "spans handed over after stop() are dropped and counted";
  receiver.release_answers();
}

TEST(TraceExporter, StopSendsWhatIsStillQueuedAndHeld) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  auto exporter = exporter_for(options_for(receiver));
  const auto spans = turn_spans(3);
  ASSERT_TRUE(exporter->write_batch(std::span(spans).first(2)));  // no root yet: held
  exporter->stop(kWithin);
  EXPECT_EQ(receiver.accepted_spans(), 2u);
  EXPECT_EQ(exporter->stats().sent, 2u);
}

TEST(TraceExporter, SpansWhoseRootDoesNotComeGoOutAfterHoldIncompleteMarkedUnknown) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  ExporterOptions o = options_for(receiver);
  o.hold_incomplete = milliseconds(0);
  o.batch_spans = 2;  // two spans queued start a round (not a flush, which sends every held trace anyway)
  auto exporter = exporter_for(std::move(o));
  const auto spans = turn_spans(3);
  ASSERT_TRUE(exporter->write_batch(std::span(spans).first(2)));
  ASSERT_TRUE(receiver.wait_until([](const auto& r) { return !r.empty(); }, kWithin));

  const auto sent = accepted_spans(receiver);
  ASSERT_EQ(sent.at("ctx.load").size(), 1u);
  const Json& attrs = sent.at("ctx.load").front();
  EXPECT_EQ(attrs["dealquest.trace_status"]["stringValue"], "unknown") << attrs.dump();
  EXPECT_FALSE(attrs.contains("dealquest.scenario")) << attrs.dump();
}

TEST(TraceExporter, ASpanEndingAfterItsRootWasSentStillCarriesTheRootsAttributes) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  auto exporter = exporter_for(options_for(receiver));
  auto spans = turn_spans(2);
  ASSERT_TRUE(exporter->write_batch(spans));
  exporter->flush();
  trace::SpanRecord late = spans.front();  // spawned work of the turn, ending after the pipeline
  late.span_id = core::new_span_id();
  late.name = "late.work";
  ASSERT_TRUE(exporter->write_batch(std::span(&late, 1)));
  exporter->flush();

  const auto sent = accepted_spans(receiver);
  ASSERT_EQ(sent.at("late.work").size(), 1u);
  const Json& attrs = sent.at("late.work").front();
  EXPECT_EQ(attrs["dealquest.scenario"]["stringValue"], "used-car") << attrs.dump();
  EXPECT_EQ(attrs["dealquest.trace_status"]["stringValue"], "ok") << attrs.dump();
}

TEST(TraceExporter, ATraceThatCannotBeEncodedIsCountedAsFailedAndTheNextOneStillGoesOut) {
  testing::FakeOtlpReceiver receiver;
  receiver.start();
  CapturedLog log;
  auto exporter = exporter_for(options_for(receiver));
  auto broken = turn_spans(2);
  broken.back().status = trace::SpanStatus::error;
  broken.back().error = "llm.bad_reply: \xff\xfe is not UTF-8";
  ASSERT_TRUE(exporter->write_batch(broken));
  exporter->flush();
  ASSERT_TRUE(exporter->write_batch(turn_spans(2)));
  exporter->flush();

  const ExportStats s = exporter->stats();
  EXPECT_EQ(s.failed, 3u);
  EXPECT_EQ(s.sent, 3u);
  EXPECT_EQ(receiver.accepted_spans(), 3u);
  EXPECT_NE(log.text().find(R"("event":"export.failed")"), std::string::npos) << log.text();
}

TEST(TraceExporterRows, ASpanRecordBecomesTheRowsTheStoreWouldKeep) {
  const auto spans = turn_spans(2);
  const trace::SpanRecord& root = spans.back();
  const query::TraceRow t = trace_row(root);
  EXPECT_EQ(t.trace_id, root.trace_id.hex());
  EXPECT_EQ(t.scenario, "used-car");
  EXPECT_EQ(t.pipeline, "turn");
  EXPECT_EQ(t.turn, 1);
  EXPECT_EQ(t.status, "ok");
  const query::SpanRow child = span_row(spans[1]);
  EXPECT_EQ(child.parent_span_id, root.span_id.hex());
  EXPECT_EQ(child.model, "claude-haiku-4-5");
  EXPECT_EQ(child.start_us, spans[1].start_ms * 1000);
  EXPECT_EQ(span_row(root).parent_span_id, "");
}

}  // namespace
}  // namespace dq::otlp

#pragma once
// The rows both stores read back, mapped from a result row in one place. `Cols` is a backend's view of one
// row of a result: text(k) ("" for NULL), i64(k) and f64(k) (0 for NULL) and null(k), k the column in the
// order the stores' SELECTs list them (the same order on both backends).

#include <cstdint>

#include "bot/query/store_rows.hpp"

namespace dq::store::rows {

// run_id, mode, status, started_ms, ended_ms, scenarios, passed, failed, dropped_spans, note
template <class Cols>
query::RunRow run(const Cols& c) {
  query::RunRow r;
  r.run_id = c.text(0);
  r.mode = c.text(1);
  r.status = c.text(2);
  r.started_ms = c.i64(3);
  r.ended_ms = c.i64(4);
  r.scenarios = static_cast<int>(c.i64(5));
  r.passed = static_cast<int>(c.i64(6));
  r.failed = static_cast<int>(c.i64(7));
  r.dropped_spans = static_cast<std::uint64_t>(c.i64(8));
  r.note = c.text(9);
  return r;
}

// trace_id, run_id, pipeline, scenario, turn, user_id, chat_id, start_ms, duration_us, status, error
template <class Cols>
query::TraceRow trace(const Cols& c) {
  query::TraceRow r;
  r.trace_id = c.text(0);
  r.run_id = c.text(1);
  r.pipeline = c.text(2);
  r.scenario = c.text(3);
  r.turn = c.null(4) ? -1 : static_cast<int>(c.i64(4));
  r.user_id = c.text(5);
  r.chat_id = c.text(6);
  r.start_ms = c.i64(7);
  r.duration_us = c.i64(8);
  r.status = c.text(9);
  r.error = c.text(10);
  return r;
}

// span_id, parent_span_id, name, status, error, model, start_ms, duration_us, input_tokens, output_tokens,
// cost_usd, start (µs), provider
template <class Cols>
query::SpanRow span(const Cols& c) {
  query::SpanRow r;
  r.span_id = c.text(0);
  r.parent_span_id = c.text(1);
  r.name = c.text(2);
  r.status = c.text(3);
  r.error = c.text(4);
  r.model = c.text(5);
  r.start_ms = c.i64(6);
  r.duration_us = c.i64(7);
  r.input_tokens = c.i64(8);
  r.output_tokens = c.i64(9);
  r.cost_usd = c.f64(10);
  r.start_us = c.i64(11);
  r.provider = c.text(12);
  return r;
}

// scenario, file, status, turns, duration_us, error, repetition
template <class Cols>
query::ScenarioRow scenario(const Cols& c) {
  query::ScenarioRow r;
  r.scenario = c.text(0);
  r.file = c.text(1);
  r.status = c.text(2);
  r.turns = static_cast<int>(c.i64(3));
  r.duration_us = c.i64(4);
  r.error = c.text(5);
  r.repetition = static_cast<int>(c.i64(6));
  return r;
}

// scenario, turn, check_name, status, detail, repetition
template <class Cols>
query::CheckRow check(const Cols& c) {
  query::CheckRow r;
  r.scenario = c.text(0);
  r.turn = static_cast<int>(c.i64(1));
  r.check = c.text(2);
  r.status = c.text(3);
  r.detail = c.text(4);
  r.repetition = static_cast<int>(c.i64(5));
  return r;
}

// name, duration_us, status, model, input_tokens, output_tokens, cost_usd, scenario
template <class Cols>
query::StepSample step_sample(const Cols& c) {
  query::StepSample r;
  r.name = c.text(0);
  r.duration_us = c.i64(1);
  r.error = c.text(2) == "error";
  r.model = c.text(3);
  r.input_tokens = c.i64(4);
  r.output_tokens = c.i64(5);
  r.cost_usd = c.f64(6);
  r.scenario = c.text(7);
  return r;
}

// scenario, role, planned_calls, planned_input_tokens, planned_output_tokens, expected_usd, worst_usd
template <class Cols>
query::EstimateRow estimate(const Cols& c) {
  query::EstimateRow r;
  r.scenario = c.text(0);
  r.role = c.text(1);
  r.planned_calls = c.i64(2);
  r.planned_input_tokens = c.i64(3);
  r.planned_output_tokens = c.i64(4);
  r.expected_usd = c.f64(5);
  r.worst_usd = c.f64(6);
  return r;
}

}  // namespace dq::store::rows

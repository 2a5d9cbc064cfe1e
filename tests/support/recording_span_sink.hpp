#pragma once
// A SpanSink that keeps every span it is given, in order (single-threaded tests).

#include <vector>

#include "bot/trace/span_sink.hpp"

namespace dq::testing {

class RecordingSpanSink final : public trace::SpanSink {
 public:
  void submit(trace::SpanRecord&& span) override { spans.push_back(std::move(span)); }
  const trace::SpanRecord* find(std::string_view name) const {
    for (const auto& s : spans)
      if (s.name == name) return &s;
    return nullptr;
  }
  std::vector<trace::SpanRecord> spans;
};

}  // namespace dq::testing

#pragma once
// What every trace store backend is: the span writer's sink, the report's reader, the harness's run store and
// the retention the bot and `prune` apply. SqliteStore (one file, the default) and PgStore (a PostgreSQL
// server) both are one; open_trace_store (bot/store/open_trace_store.hpp) picks one by its location.

#include "bot/query/retention.hpp"
#include "bot/query/trace_reader.hpp"
#include "bot/trace/span_sink.hpp"

namespace dq::store {

class TraceStore : public trace::TraceSink,
                   public query::TraceReader,
                   public query::RunStore,
                   public query::TraceRetention {
 public:
  ~TraceStore() override = default;
};

}  // namespace dq::store

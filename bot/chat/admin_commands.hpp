#pragma once
// The admin commands, for configured admins only (ChatBot checks before calling): /admin traces (paged,
// edited in place), /admin trace ID (waterfall, split under 4096 or sent as a document), /admin stats
// (24 h and 7 d), /admin test SCENARIO (estimate first, runs after the confirm button). They read the same
// query layer as `dealquest-test report`.

#include <boost/asio/awaitable.hpp>
#include <functional>

#include "bot/chat/callback_data.hpp"
#include "bot/chat/incoming.hpp"
#include "bot/chat/messenger.hpp"
#include "bot/chat/scenario_catalog.hpp"
#include "bot/chat/scenario_tester.hpp"
#include "bot/chat/session.hpp"
#include "bot/core/clock.hpp"
#include "bot/query/trace_reader.hpp"
#include "bot/trace/span_queue.hpp"

namespace dq::chat {

class AdminCommands {
 public:
  AdminCommands(Messenger& messenger, query::TraceReader& reader, const ScenarioCatalog& catalog,
                ScenarioTester* tester, const core::Clock& clock)
      : messenger_(messenger), reader_(reader), catalog_(catalog), tester_(tester), clock_(clock) {}

  // `/admin <args>`: in.text holds the arguments.
  boost::asio::awaitable<void> command(const Incoming& in, ChatSession& session);
  // `save` stores the session now and says whether it could: a confirmed test clears its pending action
  // in the store before the child starts, so after a crash the same button cannot start a second paid run.
  using SaveSession = std::function<bool(ChatSession&)>;
  boost::asio::awaitable<void> button(const Incoming& in, const ButtonAction& action, ChatSession& session,
                                      const SaveSession& save);

  static InlineKeyboard pager(int page, int pages);

  // Where /admin stats reads how many spans this process wrote and lost (unset: not shown).
  void set_span_stats(std::function<trace::SpanQueueStats()> stats) { span_stats_ = std::move(stats); }

 private:
  boost::asio::awaitable<void> traces(const Incoming& in, int page, bool edit);
  boost::asio::awaitable<void> trace(const Incoming& in, std::string_view id);
  boost::asio::awaitable<void> stats(const Incoming& in);
  boost::asio::awaitable<void> test(const Incoming& in, std::string_view scenario_id, ChatSession& session);
  boost::asio::awaitable<void> confirm(const Incoming& in, const ConfirmTest& c, ChatSession& session,
                                       const SaveSession& save);
  boost::asio::awaitable<void> say(std::int64_t chat, std::string html);

  std::function<trace::SpanQueueStats()> span_stats_;
  Messenger& messenger_;
  query::TraceReader& reader_;
  const ScenarioCatalog& catalog_;
  ScenarioTester* tester_;
  const core::Clock& clock_;
};

}  // namespace dq::chat

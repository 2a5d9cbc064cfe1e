#include "bot/telegram/poller.hpp"

#include <algorithm>
#include <map>

#include "bot/telegram/telegram_errors.hpp"
#include "bot/trace/log.hpp"
#include "bot/trace/spawn.hpp"

namespace dq::telegram {
namespace {
namespace asio = boost::asio;
}  // namespace

std::int64_t chat_of(const Update& u) {
  if (u.message) return u.message->chat_id;
  if (u.callback_query)
    return u.callback_query->message ? u.callback_query->message->chat_id : u.callback_query->from.id;
  return 0;
}

// One batch: its chat groups, how far each got, and a timer the waiting loop sleeps on (cancelled to wake).
struct Poller::Batch {
  explicit Batch(std::unique_ptr<trace::Timer> t) : wake(std::move(t)) {}
  std::vector<std::vector<Update>> groups;
  std::vector<std::size_t> done;  // per group: updates handled
  std::size_t running = 0;
  std::unique_ptr<trace::Timer> wake;
};

Poller::Poller(asio::any_io_executor executor, http::HttpClient& http, trace::Timers& timers, BotEndpoint bot,
               OffsetStore& offsets, Handler handler, PollerOptions options)
    : executor_(executor),
      http_(http),
      timers_(timers),
      bot_(std::move(bot)),
      offsets_(offsets),
      handler_(std::move(handler)),
      options_(options),
      pause_timer_(timers.make(executor)) {}

Poller::~Poller() = default;

void Poller::stop() {
  if (stopping_) return;
  stopping_ = true;
  http_.cancel_all();
  pause_timer_->cancel();
  if (batch_) batch_->wake->cancel();
}

asio::awaitable<void> Poller::pause(std::chrono::milliseconds d) {
  if (stopping_) co_return;
  auto wait = pause_timer_->wait_for(d);
  co_await std::move(wait);
}

void Poller::save_offset() {
  if (offset_ == saved_offset_) return;
  auto saved = offsets_.save_offset(offset_);
  if (saved) {
    saved_offset_ = offset_;
    return;
  }
  // The store is full, read-only or locked: the bot goes on answering. The next poll still confirms the
  // handled updates to Telegram, which then never resends them; only a restart before the store recovers
  // would start from the older saved offset (and Telegram holds nothing before the confirmed one).
  ++stats_.offset_not_saved;
  log::error("telegram.offset_not_saved",
             {{"offset", std::to_string(offset_)}, {"error", log::redacted(saved.error())}});
}

asio::awaitable<void> Poller::run_group(Handler* handler, std::vector<Update> group,
                                        std::shared_ptr<Batch> batch, std::size_t index) {
  for (auto& u : group) {
    const std::int64_t update_id = u.update_id;
    try {
      auto op = (*handler)(std::move(u));
      co_await std::move(op);
    } catch (...) {
      // A handler must not throw (it answers errors politely); if one does, the update still counts as
      // handled, or a poison message would come back after every restart. Said loudly: it is a bug.
      log::error("telegram.handler_threw", {{"update_id", std::to_string(update_id)},
                                            {"error", trace::describe(std::current_exception())}});
    }
    ++batch->done[index];
  }
  if (--batch->running == 0) batch->wake->cancel();
}

asio::awaitable<void> Poller::handle_batch(std::vector<Update> updates) {
  auto batch = std::make_shared<Batch>(timers_.make(executor_));
  std::map<std::int64_t, std::size_t> group_of;
  for (auto& u : updates) {
    const std::int64_t chat = chat_of(u);
    if (chat == 0) continue;  // nothing to answer; the offset still moves past it
    auto [it, fresh] = group_of.try_emplace(chat, batch->groups.size());
    if (fresh) batch->groups.emplace_back();
    batch->groups[it->second].push_back(std::move(u));
  }
  batch->done.assign(batch->groups.size(), 0);
  batch->running = batch->groups.size();
  batch_ = batch;
  for (std::size_t i = 0; i < batch->groups.size(); ++i)
    trace::spawn(executor_, run_group(&handler_, batch->groups[i], batch, i), "telegram.group_failed");

  const auto max_updates =
      std::max_element(updates.begin(), updates.end(),
                       [](const Update& a, const Update& b) { return a.update_id < b.update_id; });
  std::optional<std::chrono::nanoseconds> deadline;
  while (batch->running > 0) {
    if (stopping_ && !deadline) deadline = timers_.now() + options_.drain_bound;
    if (deadline && timers_.now() >= *deadline) break;
    auto wait = batch->wake->wait_for(deadline ? *deadline - timers_.now() : trace::Timer::kForever);
    co_await std::move(wait);
  }
  batch_.reset();

  // Confirm everything up to the first update that is not handled yet (all of them, normally).
  std::int64_t next = max_updates == updates.end() ? offset_ : max_updates->update_id + 1;
  for (std::size_t g = 0; g < batch->groups.size(); ++g) {
    if (batch->done[g] < batch->groups[g].size()) {
      stats_.unfinished_at_stop += batch->groups[g].size() - batch->done[g];
      next = std::min(next, batch->groups[g][batch->done[g]].update_id);
    }
  }
  offset_ = std::max(offset_, next);
}

asio::awaitable<core::Result<void>> Poller::run() {
  auto stored = offsets_.load_offset();
  if (!stored) co_return std::unexpected(stored.error());
  if (*stored) {
    offset_ = **stored;
    saved_offset_ = offset_;
  }
  std::chrono::milliseconds backoff = options_.error_backoff;
  while (!stopping_) {
    ++stats_.polls;
    const auto polled_at = timers_.now();
    auto op = http_.send(get_updates(bot_, offset_, options_.timeout_seconds));
    auto r = co_await std::move(op);
    if (stopping_) break;
    core::Result<std::vector<Update>> updates =
        r ? parse_updates(*r)
          : core::Result<std::vector<Update>>(std::unexpected(without_token(r.error(), bot_)));
    if (!updates) {
      ++stats_.failed_polls;
      if (updates.error().is(errc::unauthorized)) co_return std::unexpected(updates.error());
      const bool conflict = updates.error().is(errc::conflict);
      if (conflict) ++stats_.conflicts;
      std::chrono::milliseconds wait = backoff;
      if (r && r->status == 429) wait = std::chrono::seconds(std::max(1, retry_after(*r).value_or(1)));
      // A 409 means another poller (or a webhook) holds this token: say so, it will not fix itself.
      log::warn(conflict ? "telegram.conflict" : "telegram.poll_failed",
                {{"error", log::redacted(updates.error())}, {"wait_ms", std::to_string(wait.count())}});
      auto p = pause(wait);
      co_await std::move(p);
      backoff = std::min(options_.max_error_backoff, backoff * 2);
      continue;
    }
    backoff = options_.error_backoff;
    stats_.updates += updates->size();
    if (updates->empty()) {
      const auto took = timers_.now() - polled_at;
      if (options_.timeout_seconds > 0 && took < options_.min_empty_poll) {
        auto p = pause(std::chrono::duration_cast<std::chrono::milliseconds>(options_.min_empty_poll - took));
        co_await std::move(p);
      }
      continue;
    }
    auto handling = handle_batch(std::move(*updates));
    co_await std::move(handling);
    save_offset();
  }
  // Confirm the handled updates to Telegram now (a poll that returns at once), so that a server that
  // ignores our saved offset does not resend them either. Best effort: the saved offset is the real record.
  save_offset();
  if (offset_ > 0) {
    http::Request request = get_updates(bot_, offset_, 0);
    request.timeout = std::chrono::seconds(3);  // a shutdown must not wait long on a slow server
    auto confirm = http_.send(std::move(request));
    auto ignored = co_await std::move(confirm);
    (void)ignored;
  }
  co_return core::Result<void>{};
}

}  // namespace dq::telegram

#include "bot/trace/timer.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace dq::trace {
namespace {

namespace asio = boost::asio;

class AsioTimer final : public Timer {
 public:
  explicit AsioTimer(asio::any_io_executor executor) : timer_(std::move(executor)) {}

  asio::awaitable<bool> wait_for(std::chrono::nanoseconds d) override {
    if (d == kForever)
      timer_.expires_at(asio::steady_timer::time_point::max());
    else
      timer_.expires_after(d);
    boost::system::error_code ec;
    auto wait = timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    co_await std::move(wait);
    co_return !ec;
  }
  void cancel() override { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
};

}  // namespace

std::unique_ptr<Timer> AsioTimers::make(asio::any_io_executor executor) {
  return std::make_unique<AsioTimer>(std::move(executor));
}

}  // namespace dq::trace

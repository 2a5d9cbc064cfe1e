#include "bot/cassette/recording_http_client.hpp"

#include <algorithm>
#include <charconv>

#include "bot/cassette/cassette_errors.hpp"
#include "bot/cassette/http_exchange.hpp"

namespace dq::cassette {

RecordingHttpClient::RecordingHttpClient(http::HttpClient& inner, Cassette& into, RecordMode mode,
                                         const Cassette* existing, MatchOptions options, Redactor redactor,
                                         const core::Clock& clock,
                                         std::optional<std::int64_t> source_date_epoch)
    : inner_(inner),
      into_(into),
      mode_(mode),
      options_(std::move(options)),
      redactor_(std::move(redactor)),
      clock_(clock),
      source_date_epoch_(source_date_epoch) {
  if (mode_ == RecordMode::missing && existing != nullptr) existing_.emplace(*existing, options_);
}

void RecordingHttpClient::append(Interaction interaction, const MatchKey& key) {
  interaction.order = recorded_[Matcher::identity(key, options_.ignored_paths)]++;
  into_.interactions.push_back(std::move(interaction));
}

void RecordingHttpClient::keep_unused() {
  if (!existing_) return;
  for (const Interaction* unused : existing_->unused()) {
    existing_->mark_used(*unused);
    append(*unused, MatchKey{unused->provider, unused->method, unused->path, unused->request_body});
  }
}

boost::asio::awaitable<core::Result<http::Response>> RecordingHttpClient::send(http::Request request) {
  const MatchKey key = match_key_of(request, redactor_);
  if (existing_) {
    if (auto hit = existing_->next(key)) {
      http::Response response = response_of(**hit);
      append(**hit, key);
      co_return response;
    }
  }
  // GCC 12: no class-type temporaries inside a co_await expression (ARCHITECTURE.md).
  auto op = inner_.send(request);
  core::Result<http::Response> sent = co_await std::move(op);
  if (sent && sent->status >= 200 && sent->status < 300) {
    if (!source_date_epoch_) {
      append(interaction_of(key, request, *sent, redactor_, clock_.wall_ms()), key);
    } else {
      Interaction in = interaction_of(key, request, *sent, redactor_, *source_date_epoch_ * 1000);
      in.latency_ms = declared_latency_ms(*sent).value_or(0);
      append(std::move(in), key);
    }
  }
  co_return sent;
}

core::Result<std::optional<std::int64_t>> parse_source_date_epoch(std::optional<std::string_view> value) {
  if (!value || value->empty()) return std::nullopt;
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  const bool digits = std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || ec != std::errc() || end != value->data() + value->size() ||
      seconds > std::int64_t{253402300799})  // 9999-12-31T23:59:59Z: recorded_at has four year digits
    return core::fail(errc::bad_source_date_epoch, "SOURCE_DATE_EPOCH",
                      "expected a whole number of seconds since 1970-01-01 UTC (e.g. 1798761600), got '" +
                          std::string(*value) + "'; unset it to record the current time");
  return seconds;
}

}  // namespace dq::cassette

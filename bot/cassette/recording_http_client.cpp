#include "bot/cassette/recording_http_client.hpp"

#include "bot/cassette/http_exchange.hpp"

namespace dq::cassette {

RecordingHttpClient::RecordingHttpClient(http::HttpClient& inner, Cassette& into, RecordMode mode,
                                         const Cassette* existing, MatchOptions options, Redactor redactor,
                                         const core::Clock& clock)
    : inner_(inner),
      into_(into),
      mode_(mode),
      options_(std::move(options)),
      redactor_(std::move(redactor)),
      clock_(clock) {
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
  if (sent && sent->status >= 200 && sent->status < 300)
    append(interaction_of(key, request, *sent, redactor_, clock_.wall_ms()), key);
  co_return sent;
}

}  // namespace dq::cassette

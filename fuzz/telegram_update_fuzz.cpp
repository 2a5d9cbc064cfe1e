// Fuzz target: a getUpdates response from Telegram (bot/telegram/bot_api.hpp, parse_updates) and each update
// as the bot's handlers see it (bot/chat/incoming.hpp, from_update). The bytes are the HTTP body; the same
// body also goes through the other Bot API parsers, as a 200 and as an error status.

#include <string>

#include "bot/chat/incoming.hpp"
#include "bot/telegram/bot_api.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const int status : {200, 429}) {
    dq::http::Response response;
    response.status = status;
    response.body = std::string(dq::fuzz::as_text(data, size));
    if (auto updates = dq::telegram::parse_updates(response)) {
      for (const dq::telegram::Update& update : *updates) (void)dq::chat::from_update(update);
      (void)dq::telegram::next_offset(0, *updates);
    }
    (void)dq::telegram::parse_message(response);
    (void)dq::telegram::parse_user(response);
    (void)dq::telegram::parse_ok(response);
    (void)dq::telegram::retry_after(response);
  }
  return 0;
}

// Fuzz target: the data of a pressed inline button, any bytes a client sends (bot/chat/callback_data.hpp,
// parse_button). Promise checked: parse accepts only what make_*() produce, so an accepted input made again
// from its parsed action gives back the very same bytes.

#include <string>

#include "bot/chat/callback_data.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = dq::fuzz::as_text(data, size);
  const auto action = dq::chat::parse_button(bytes);
  if (!action) return 0;
  using Kind = dq::chat::ButtonAction::Kind;
  std::string made;
  switch (action->kind) {
    case Kind::choose_scenario:
      made = dq::chat::make_choose(action->choose.scenario);
      break;
    case Kind::traces_page:
      made = dq::chat::make_traces_page(action->traces.page);
      break;
    case Kind::confirm_test:
      made = dq::chat::make_confirm(action->confirm.nonce, action->confirm.confirmed);
      break;
    case Kind::restart:
      made = dq::chat::make_restart(action->restart.nonce, action->restart.start_over);
      break;
  }
  dq::fuzz::check(made == bytes, "parse_button accepts only what make_*() produce");
  dq::fuzz::check(made.size() <= dq::chat::kMaxCallbackBytes, "accepted data fits Telegram's 64 bytes");
  return 0;
}

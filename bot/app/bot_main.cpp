#include "bot/app/bot_main.hpp"

#include <iostream>

#include "bot/app/app_errors.hpp"
#include "bot/app/bot_runtime.hpp"
#include "bot/app/option_errors.hpp"
#include "bot/trace/log.hpp"

namespace dq::app {

int bot_main(int argc, char** argv) {
  ParsedOptions parsed = parse_bot_options(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  BotOptions& o = *parsed.options;
  if (o.console) log::set_min_level(log::Level::warn);  // the terminal is for the conversation
  if (auto refused = check_console_mode(o)) {
    std::cerr << refused->to_string() << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  if (!o.console && o.telegram_token.empty()) {
    std::cerr
        << core::Error{errc::no_token, "",
                       "TELEGRAM_BOT_TOKEN is not set: export the token @BotFather gave you, or chat in "
                       "this terminal with --console"}
               .to_string()
        << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  auto rt = open_runtime(std::move(o));
  if (!rt) {
    std::cerr << rt.error().error.to_string() << "\n";
    return core::to_int(rt.error().exit);
  }
  return (*rt)->options.console ? run_console(**rt) : run_telegram(**rt);
}

}  // namespace dq::app

#pragma once
// dealquest-bot's entry point: options, then the console or the Telegram front end.

namespace dq::app {

int bot_main(int argc, char** argv);

}  // namespace dq::app

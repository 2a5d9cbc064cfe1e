// dealquest-bot: the Telegram bot for negotiation practice (and its --console mode).
#include "bot/app/bot_main.hpp"

int main(int argc, char** argv) {
  return dq::app::bot_main(argc, argv);
}

// dealquest-bot: the Telegram bot. This slice only prints its help (issue 4 builds the transport).
#include <cstdio>
#include <cstring>

#include "bot/core/exit_code.hpp"

int main(int argc, char** argv) {
  const char* help =
      "dealquest-bot: Telegram bot for negotiation practice\n"
      "\n"
      "usage: dealquest-bot [--help]\n"
      "\n"
      "The Telegram transport, console mode and admin commands are not built yet; this binary only prints\n"
      "this help. Use dealquest-test to run scenarios through the same pipeline.\n";
  if (argc > 1 && std::strcmp(argv[1], "--help") != 0 && std::strcmp(argv[1], "-h") != 0) {
    std::fprintf(stderr, "dealquest-bot: unknown argument '%s'\n\n%s", argv[1], help);
    return dq::core::to_int(dq::core::ExitCode::usage);
  }
  std::fputs(help, stdout);
  return 0;
}

#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

#include "bot/core/exit_code.hpp"
#include "cli/commands/commands.hpp"

namespace dq::cli {

int cli_main(int argc, char** argv) {
  CLI::App app{
      "dealquest-test: run negotiation scenarios through the dealquest bot's pipeline, check every turn, "
      "and report per-step timing, tokens and cost"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dealquest-test 0.1.0");
  std::vector<Handler> handlers;
  for (const Command& c : kCommands) handlers.push_back(c.define(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e, std::cout, std::cerr);
    return rc == 0 ? 0 : core::to_int(core::ExitCode::usage);
  }
  for (const Handler& h : handlers)
    if (auto rc = h(std::cout, std::cerr)) return *rc;
  return core::to_int(core::ExitCode::usage);
}

}  // namespace dq::cli

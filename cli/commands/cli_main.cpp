#include <CLI/CLI.hpp>
#include <iostream>
#include <string_view>
#include <vector>

#include "bot/core/exit_code.hpp"
#include "bot/core/suggest.hpp"
#include "cli/commands/cli_errors.hpp"
#include "cli/commands/commands.hpp"

namespace dq::cli {
namespace {

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The first word when it is meant as a subcommand but names none: "unknown command 'repot' (did you mean
// 'report'?)". CLI11 would only say that a subcommand is required.
std::optional<core::Error> unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  const std::string_view first = argv[1];
  if (first.empty() || first.front() == '-') return std::nullopt;
  const std::vector<std::string> names = command_names(app);
  for (const auto& n : names)
    if (n == first) return std::nullopt;
  return core::Error{errc::unknown_command, "",
                     "unknown command '" + std::string(first) + "'" + core::did_you_mean(first, names, 3) +
                         "; the commands are " + joined(names) +
                         " (dealquest-test --help says what each does)"};
}

// A parse error in the `[cli.…]` form every other error has, with the next step.
core::Error parse_error(const CLI::App& app, const CLI::ParseError& e) {
  std::string where;
  for (const CLI::App* sub : app.get_subcommands()) where = sub->get_name();
  const std::string help = where.empty() ? "dealquest-test --help" : "dealquest-test " + where + " --help";
  if (e.get_name() == "RequiredError" && where.empty())
    return core::Error{errc::no_command, "",
                       "no command given; the commands are " + joined(command_names(app)) + " (" + help +
                           " says what each does)"};
  return core::Error{errc::bad_argument, where, std::string(e.what()) + "; " + help + " lists the options"};
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{
      "dealquest-test: run negotiation scenarios through the dealquest bot's pipeline, check every turn, "
      "and report per-step timing, tokens and cost"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dealquest-test 0.1.0");
  std::vector<Handler> handlers;
  for (const Command& c : kCommands) handlers.push_back(c.define(app));

  if (auto unknown = unknown_command(app, argc, argv)) {
    std::cerr << unknown->to_string() << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, std::cout, std::cerr);  // --help, --version
    std::cerr << parse_error(app, e).to_string() << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  for (const Handler& h : handlers)
    if (auto rc = h(std::cout, std::cerr)) return *rc;
  return core::to_int(core::ExitCode::usage);
}

}  // namespace dq::cli

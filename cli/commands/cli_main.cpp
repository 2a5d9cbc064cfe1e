#include <CLI/CLI.hpp>
#include <iostream>
#include <string_view>
#include <vector>

#include "bot/core/exit_code.hpp"
#include "bot/core/suggest.hpp"
#include "cli/commands/cli_config.hpp"
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

// What the chosen subcommand did not know: its own leftovers, and what fell through to the program
// (app.fallthrough()).
std::vector<std::string> unparsed(const CLI::App& app, const CLI::App* sub) {
  std::vector<std::string> extras = sub->remaining();
  if (sub != &app)
    for (const std::string& extra : app.remaining()) extras.push_back(extra);
  return extras;
}

// " (did you mean '--filter'?)" for an unknown option of the chosen subcommand, or "".
std::string option_hint(const CLI::App& app, const CLI::App* sub) {
  std::vector<std::string> names;
  for (const CLI::Option* o : sub->get_options())
    for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
  for (const auto& g : sub->get_subcommands(
           [](const CLI::App* a) { return dynamic_cast<const CLI::Option_group*>(a) != nullptr; }))
    for (const CLI::Option* o : g->get_options())
      for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
  names.push_back("--config");
  for (const std::string& extra : unparsed(app, sub))
    if (extra.starts_with("--"))
      if (std::string hint = core::did_you_mean(extra.substr(0, extra.find('=')), names, 3); !hint.empty())
        return hint;
  return {};
}

// A parse error in the `[cli.…]` form every other error has, with the next step.
core::Error parse_error(const CLI::App& app, const CLI::ParseError& e) {
  // The deepest subcommand the parser reached ("cassettes check"), and its own subcommands.
  const CLI::App* sub = &app;
  std::string where;
  for (auto parsed = sub->get_subcommands(); !parsed.empty(); parsed = sub->get_subcommands()) {
    sub = parsed.front();
    where += (where.empty() ? "" : " ") + sub->get_name();
  }
  const std::string help = where.empty() ? "dealquest-test --help" : "dealquest-test " + where + " --help";
  std::vector<std::string> commands;
  for (const CLI::App* c : sub->get_subcommands([](const CLI::App* a) { return !a->get_name().empty(); }))
    if (dynamic_cast<const CLI::Option_group*>(c) == nullptr) commands.push_back(c->get_name());
  if (!where.empty() && !commands.empty()) {
    const std::vector<std::string> rest = unparsed(app, sub);
    const std::string typed = rest.empty() ? std::string() : rest.front();
    return core::Error{errc::unknown_command, where,
                       (typed.empty() ? "a command is needed after '" + where + "'"
                                      : "unknown command '" + where + " " + typed + "'" +
                                            core::did_you_mean(typed, commands, 3)) +
                           "; the commands are " + joined(commands) + " (" + help + " says what each does)"};
  }
  if (e.get_name() == "RequiredError" && where.empty())
    return core::Error{errc::no_command, "",
                       "no command given; the commands are " + joined(command_names(app)) + " (" + help +
                           " says what each does)"};
  return core::Error{errc::bad_argument, where,
                     std::string(e.what()) + option_hint(app, sub) + "; " + help + " lists the options"};
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{
      "dealquest-test: run negotiation scenarios through the dealquest bot's pipeline, check every turn, "
      "and report per-step timing, tokens and cost"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dealquest-test 0.1.0");
  std::string config_file;
  app.add_option("--config", config_file,
                 "Config file with defaults for the commands (default: ./dealquest.yaml when present); "
                 "flags and environment variables win over it");
  // `run --config FILE …` as well as `--config FILE run …`: a subcommand hands what it does not know to the
  // program (the subcommands copy this setting when they are added).
  app.fallthrough();
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
  // The config is read only once the command line is known good, and before anything runs.
  auto config = load_cli_config(config_file);
  if (!config) {
    for (const auto& e : config.error()) std::cerr << e.to_string() << "\n";
    std::cerr << "nothing was run: fix the config file above (README.md, \"Config file\", lists its keys)\n";
    return core::to_int(core::ExitCode::usage);
  }
  set_cli_config(std::move(*config));
  for (const Handler& h : handlers)
    if (auto rc = h(std::cout, std::cerr)) return *rc;
  return core::to_int(core::ExitCode::usage);
}

}  // namespace dq::cli

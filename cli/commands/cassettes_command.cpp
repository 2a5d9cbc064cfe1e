#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <memory>
#include <ostream>

#include "bot/cassette/cassette_errors.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/runtime/llm_stack.hpp"
#include "cli/commands/cli_config.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/scenario_selection.hpp"
#include "cli/harness/call_planner.hpp"
#include "cli/harness/runner.hpp"

namespace dq::cli {
namespace {

struct CassettesArgs {
  std::vector<std::string> paths;
  std::string filter;
  std::string prices;
  std::string cassette_dir = "recordings";
  std::vector<std::string> ignore_fields;
};

bool is_cassette_error(const harness::ScenarioOutcome& s) {
  return s.error && s.error->code.starts_with("cassette.");
}

// One line for a recording: its provider, order, and the start of the last message it was sent.
std::string describe(const cassette::Interaction& in) {
  std::string last;
  if (auto m = in.request_body.find("messages"); m != in.request_body.end() && m->is_array() && !m->empty() &&
                                                 m->back().contains("content") &&
                                                 m->back()["content"].is_string())
    last = m->back()["content"].get<std::string>();
  if (last.size() > 60) {
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(last[cut]) & 0xC0) == 0x80)
      --cut;  // not inside a character
    last = last.substr(0, cut) + "...";
  }
  return in.provider + " " + in.path + " #" + std::to_string(in.order) + ": \"" + last + "\"";
}

// Replays every scenario against its cassette (no socket, no store) and lists the ones whose recordings the
// current scenarios and prompts no longer match, with the first difference, and what re-recording costs;
// a scenario that replayed nothing is never "fresh"; recordings no request uses are listed under theirs.
int cassettes_check_command(const CassettesArgs& args, std::ostream& out, std::ostream& err) {
  auto inputs = load_inputs(args.paths, args.filter, args.prices, err);
  if (!inputs) return core::to_int(core::ExitCode::usage);
  std::error_code ec;
  if (!std::filesystem::is_directory(args.cassette_dir, ec)) {
    err << no_recordings_error(args.cassette_dir).to_string() << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  std::vector<scenario::Scenario>* scenarios = &inputs->scenarios;
  const cost::PriceTable* prices = &inputs->prices.table;

  boost::asio::io_context io(1);
  runtime::LlmOptions options;
  options.mode = core::Mode::replay;
  options.cassette_dir = args.cassette_dir;
  options.ignore_fields = args.ignore_fields;
  const core::Clock& clock = core::SystemClock::instance();
  auto llm =
      runtime::LlmStack::create(io.get_executor(), *scenarios, *prices, options, llm::process_env(), clock);
  if (!llm) {
    err << llm.error().to_string() << "\n";
    return core::to_int(core::ExitCode::usage);
  }
  harness::RunnerDeps deps{clock, nullptr, (*llm)->factory()};
  harness::RunOptions run_options;
  run_options.run_id = "cassettes-check";
  run_options.mode = core::Mode::replay;
  run_options.handle_signals = false;
  auto outcome = harness::run_scenarios(io, *scenarios, run_options, deps);

  std::vector<scenario::Scenario> stale;
  int with_unused = 0;
  for (std::size_t i = 0; i < scenarios->size(); ++i) {
    const auto& s = outcome.scenarios[i];
    if (s.error && s.error->is(cassette::errc::not_found)) {
      out << "NONE   " << s.row.scenario << ": " << s.error->message << "\n";
      stale.push_back((*scenarios)[i]);
      continue;
    }
    if (is_cassette_error(s) || s.row.status == "error") {
      out << "STALE  " << s.row.scenario << "\n       " << s.row.error << "\n";
      stale.push_back((*scenarios)[i]);
      continue;
    }
    if (s.llm_calls == 0) {
      out << "EMPTY  " << s.row.scenario << ": nothing was replayed, so nothing shows the cassette matches\n";
      stale.push_back((*scenarios)[i]);
      continue;
    }
    out << "fresh  " << s.row.scenario << " (" << s.llm_calls << " recorded calls replayed)\n";
    const auto unused = (*llm)->unused_recordings(s.row.scenario);
    if (unused.empty()) continue;
    ++with_unused;
    out << "       " << unused.size()
        << (unused.size() == 1 ? " recorded interaction" : " recorded interactions")
        << " no current request uses (kept by --record missing; `run --live --record all --filter "
        << s.row.scenario << "` rewrites the file without them):\n";
    for (const cassette::Interaction* in : unused) out << "         " << describe(*in) << "\n";
  }
  if (with_unused > 0)
    out << "\n"
        << with_unused << (with_unused == 1 ? " cassette has" : " cassettes have")
        << " recordings no request uses (listed above); they do no harm to a replay\n";
  if (stale.empty()) {
    out << "\nall " << scenarios->size() << " cassettes match the current scenarios\n";
    return core::to_int(core::ExitCode::ok);
  }
  const cost::Estimate e = harness::estimate_scenarios(stale, *prices);
  out << "\n"
      << stale.size() << " of " << scenarios->size()
      << " scenarios have no recording that matches them (listed above). Recording them calls the real "
         "providers (dealquest-test run --live --record missing; it asks before spending) and would cost:\n"
      << cost::estimate_text(e);
  return core::to_int(core::ExitCode::checks_failed);
}

}  // namespace

Handler define_cassettes(CLI::App& app) {
  auto args = std::make_shared<CassettesArgs>();
  auto* cmd = app.add_subcommand("cassettes", "Work with the recordings in recordings/");
  cmd->require_subcommand(1);
  auto* check = cmd->add_subcommand(
      "check",
      "List recordings the current scenarios and prompts no longer match, and what re-recording costs");
  check->add_option("paths", args->paths, "Scenario files or directories (default: scenarios/)");
  check->add_option("--filter", args->filter, "Only scenarios whose id matches this glob");
  auto* cassette_dir =
      check
          ->add_option("--cassette-dir", args->cassette_dir,
                       "Where the cassettes are (`cassette_dir` in the config file replaces the default)")
          ->capture_default_str();
  check->add_option("--prices", args->prices, "Price file overriding the built-in table");
  check->add_option("--ignore-field", args->ignore_fields,
                    "Request JSON path left out of matching; repeatable");
  return [args, check, cassette_dir](std::ostream& out, std::ostream& err) -> std::optional<int> {
    if (!*check) return std::nullopt;
    if (cassette_dir->count() == 0 && cli_config().cassette_dir)
      args->cassette_dir = *cli_config().cassette_dir;
    return cassettes_check_command(*args, out, err);
  };
}

}  // namespace dq::cli

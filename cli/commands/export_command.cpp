// `dealquest-test export --format otlp-json [--run ID | --since DURATION] [--out FILE | --endpoint URL]`:
// stored traces as OTLP/JSON, written as JSON Lines (one ExportTraceServiceRequest of at most 512 spans a
// line, the OTel file exporter's format) to stdout or FILE, or POSTed to an OTLP/HTTP receiver.
#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>

#include "bot/core/age_text.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/http/curl_http_client.hpp"
#include "bot/otlp/otlp_errors.hpp"
#include "bot/otlp/otlp_json.hpp"
#include "bot/otlp/otlp_sender.hpp"
#include "bot/query/query_errors.hpp"
#include "bot/query/run_compare.hpp"
#include "bot/store/open_trace_store.hpp"
#include "bot/trace/timer.hpp"
#include "cli/commands/atomic_file.hpp"
#include "cli/commands/cli_errors.hpp"
#include "cli/commands/commands.hpp"

namespace dq::cli {
namespace {

namespace asio = boost::asio;

// `--since` reads at most this many traces (oldest first); the rest are left for a later export.
constexpr int kMaxSinceTraces = 1'000'000;

struct ExportArgs {
  std::string format = "otlp-json";
  std::string run_ref;   // a run id or a unique prefix; with neither this nor `since`: the latest run
  std::string since;     // "30m", "24h", "7d"
  std::string out;       // a file; empty: stdout
  std::string endpoint;  // an OTLP/HTTP receiver
  std::string store;
};

// "30m", "24h", "7d", "90s" (core::parse_age, more than zero) -> milliseconds; an error for anything else.
core::Result<std::int64_t> duration_ms(const std::string& text) {
  const auto age = core::parse_age(text);
  if (!age || age->count() <= 0)
    return core::fail(errc::export_bad_since, "--since",
                      "expected a duration such as 30m, 24h or 7d, got '" + text + "'");
  return age->count();
}

core::Result<std::vector<query::TraceRow>> chosen_traces(query::TraceReader& reader, const ExportArgs& args) {
  if (!args.since.empty()) {
    auto ms = duration_ms(args.since);
    if (!ms) return std::unexpected(ms.error());
    return reader.export_traces_since(core::SystemClock::instance().wall_ms() - *ms, kMaxSinceTraces);
  }
  auto run = args.run_ref.empty() ? reader.latest_run() : query::find_run_by_ref(reader, args.run_ref);
  if (!run) return std::unexpected(run.error());
  if (!*run)
    return core::fail(query::errc::no_runs, reader.location(),
                      "the store holds no run yet; run `dealquest-test run --dry-run` first");
  return reader.run_traces((*run)->run_id);
}

// Whether the traces of `run_id` are the bot's (its run's mode is "bot"), asked once per run.
class RunModes {
 public:
  explicit RunModes(query::TraceReader& reader) : reader_(reader) {}
  core::Result<bool> from_bot(const std::string& run_id) {
    if (run_id.empty()) return true;  // bot traffic from before the bot had a run row
    if (auto it = known_.find(run_id); it != known_.end()) return it->second;
    auto run = reader_.find_run(run_id);
    if (!run) return std::unexpected(run.error());
    return known_[run_id] = *run && (*run)->mode == "bot";
  }

 private:
  query::TraceReader& reader_;
  std::map<std::string, bool> known_;
};

core::Result<std::vector<otlp::ExportTrace>> load_traces(query::TraceReader& reader, const ExportArgs& args) {
  auto rows = chosen_traces(reader, args);
  if (!rows) return std::unexpected(rows.error());
  RunModes modes(reader);
  std::vector<otlp::ExportTrace> traces;
  traces.reserve(rows->size());
  for (auto& row : *rows) {
    auto spans = reader.trace_spans(row.trace_id);
    if (!spans) return std::unexpected(spans.error());
    auto bot = modes.from_bot(row.run_id);
    if (!bot) return std::unexpected(bot.error());
    traces.push_back({std::move(row), std::move(*spans), *bot});
  }
  return traces;
}

int fail(const core::Error& e, std::ostream& err) {
  err << e.to_string() << "\n";
  const bool input = e.is(query::errc::no_runs) || e.is(query::errc::unknown_run) ||
                     e.is(query::errc::ambiguous_run) || e.is(errc::export_bad_since) ||
                     e.is(otlp::errc::bad_endpoint) || e.is(errc::no_store);
  return core::to_int(input ? core::ExitCode::usage : core::ExitCode::infrastructure);
}

core::Result<otlp::SendReport> post_all(const std::string& url, std::vector<std::string> batches) {
  asio::io_context io;
  http::CurlHttpClient client(io.get_executor());
  trace::AsioTimers timers(core::SystemClock::instance());
  core::Result<otlp::SendReport> result = core::fail(errc::internal, url, "the export did not finish");
  auto send =
      otlp::send_batches(client, timers, io.get_executor(), url, std::move(batches), otlp::SendPolicy{});
  asio::co_spawn(io, std::move(send), [&result](std::exception_ptr e, core::Result<otlp::SendReport> r) {
    if (!e) {
      result = std::move(r);
      return;
    }
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      result = core::fail(errc::internal, "", std::string("the export failed: ") + ex.what());
    }
  });
  io.run();
  return result;
}

int export_command(const ExportArgs& args, std::ostream& out, std::ostream& err) {
  const std::string path = resolve_store_path(args.store);
  auto url = args.endpoint.empty() ? core::Result<std::string>() : otlp::traces_url(args.endpoint);
  if (!url) return fail(url.error(), err);
  auto store = open_existing_store(path, kNoStoreHint);
  if (!store) return fail(store.error(), err);
  auto traces = load_traces(**store, args);
  if (!traces) return fail(traces.error(), err);
  if (!args.since.empty() && traces->size() == static_cast<std::size_t>(kMaxSinceTraces))
    err << "note: --since read its first " << kMaxSinceTraces
        << " traces (oldest first); export the rest with a shorter --since\n";
  const std::size_t spans = otlp::span_count(*traces);
  std::vector<std::string> batches = otlp::encode_batches(*traces, {DQ_VERSION});
  const std::string counted =
      std::to_string(spans) + " spans of " + std::to_string(traces->size()) + " traces";
  if (!args.endpoint.empty()) {
    const std::size_t n = batches.size();
    auto sent = post_all(*url, std::move(batches));
    if (!sent) return fail(sent.error(), err);
    out << "exported " << counted << " to " << *url << " (" << n << " batches, " << sent->requests
        << " requests)\n";
    return core::to_int(core::ExitCode::ok);
  }
  std::string lines;
  for (const auto& b : batches) lines += b + "\n";
  if (args.out.empty()) {
    out << lines;
    return core::to_int(core::ExitCode::ok);
  }
  if (auto written = write_file_atomically(args.out, lines, errc::export_write, "the export file"); !written)
    return fail(written.error(), err);
  out << "exported " << counted << " to " << args.out << "\n";
  return core::to_int(core::ExitCode::ok);
}

}  // namespace

Handler define_export(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export", "Write stored traces as OpenTelemetry (OTLP/JSON), or send them");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"otlp-json"}))
      ->capture_default_str();
  auto* run = cmd->add_option("--run", args->run_ref, "Run id or a unique prefix (default: the latest run)");
  cmd->add_option("--since", args->since, "Every trace of the last DURATION (30m, 24h, 7d), bot traffic too")
      ->excludes(run);
  auto* file =
      cmd->add_option("--out", args->out, "Write to FILE (JSON Lines, replaced whole; default: stdout)");
  cmd->add_option("--endpoint", args->endpoint,
                  "POST to an OTLP/HTTP receiver (http://host:4318; /v1/traces is added when the URL has no "
                  "path), retrying 429/502/503/504")
      ->excludes(file);
  cmd->add_option(
      "--store", args->store,
      "Trace store (default: $DEALQUEST_STORE, else `store` in the config file, else ./dealquest.db)");
  return [args, cmd](std::ostream& out, std::ostream& err) -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    return export_command(*args, out, err);
  };
}

}  // namespace dq::cli

// dq_load_bench: dealquest-bot under load. The built bot runs as a child process against the fake Telegram
// server (in this process, 127.0.0.1, port 0) with the dry-run LLM at a fixed latency; N chats write at
// once for a while, each message after the answer to the previous one (load_chats.hpp). Prints reply time
// p50/p95/p99, the flood-limit violations the fake counted (fake_telegram_rate.hpp), the bot's RSS over
// time (the second minute against the last one), and the spans the bot wrote and dropped, as a table and
// as `key value` lines. A benchmark, not a test: `scripts/bench --load` runs it (10 minutes by default).
//
//   dq_load_bench [--chats N] [--seconds S] [--latency-ms MS] [--think-ms MS] [--bot PATH]
//                 [--scenarios DIR] [--keep]
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "bot/store/sqlite_store.hpp"
#include "tests/bench/load_chats.hpp"
#include "tests/bench/load_rss.hpp"
#include "tests/support/fake_telegram_server.hpp"
#include "tests/support/process.hpp"

namespace {

using namespace std::chrono_literals;
using dq::bench::LoadResults;
using dq::bench::RssSummary;

struct Options {
  int chats = 1000;
  int seconds = 600;
  int latency_ms = 200;
  int think_ms = 500;
  std::string bot = DQ_BOT_BIN;
  std::string scenarios = DQ_SCENARIOS_DIR;
  bool keep = false;
};

int usage(const std::string& why) {
  std::cerr
      << "dq_load_bench: " << why
      << "\nusage: dq_load_bench [--chats N] [--seconds S] [--latency-ms MS] [--think-ms MS] [--bot PATH] "
         "[--scenarios DIR] [--keep]\n";
  return 2;
}

std::optional<Options> parse(int argc, char** argv, std::string& error) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--keep") {
      o.keep = true;
      continue;
    }
    if (i + 1 >= argc) {
      error = "missing value after " + a;
      return std::nullopt;
    }
    const std::string v = argv[++i];
    auto number = [&](int& out, int min) {
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n < min || n > 1'000'000) return false;
      out = static_cast<int>(n);
      return true;
    };
    bool ok = true;
    if (a == "--chats")
      ok = number(o.chats, 1);
    else if (a == "--seconds")
      ok = number(o.seconds, 1);
    else if (a == "--latency-ms")
      ok = number(o.latency_ms, 0);
    else if (a == "--think-ms")
      ok = number(o.think_ms, 0);
    else if (a == "--bot")
      o.bot = v;
    else if (a == "--scenarios")
      o.scenarios = v;
    else {
      error = "unknown option " + a;
      return std::nullopt;
    }
    if (!ok) {
      error = "bad value for " + a + ": " + v;
      return std::nullopt;
    }
  }
  return o;
}

double percentile(std::vector<double> v, double p) {  // nearest rank
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

std::string fixed(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string mb(double kb) {
  return fixed(kb / 1024.0, 1) + " MB";
}

struct BotLog {
  std::map<std::string, int> warnings;  // "level event" -> count, warn and error lines
  int lines = 0;
};

BotLog read_log(const std::string& text) {
  BotLog log;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    ++log.lines;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    const std::string level = j.value("level", "");
    if (level == "warn" || level == "error") ++log.warnings[level + " " + j.value("event", "?")];
  }
  return log;
}

struct StoreFacts {
  std::string status, note, error;
  std::int64_t spans = 0, dropped = 0;
};

StoreFacts unreadable(std::string why) {
  StoreFacts f;
  f.error = std::move(why);
  return f;
}

StoreFacts read_store(const std::string& path) {
  StoreFacts f;
  auto store = dq::store::SqliteStore::open(path);
  if (!store) return unreadable(store.error().to_string());
  auto run = (*store)->latest_run();
  if (!run || !*run) return unreadable(run ? "no run in the store" : run.error().to_string());
  f.status = (*run)->status;
  f.note = (*run)->note;
  f.dropped = static_cast<std::int64_t>((*run)->dropped_spans);
  auto spans = (*store)->step_samples((*run)->run_id);
  if (!spans) return unreadable(spans.error().to_string());
  f.spans = static_cast<std::int64_t>(spans->size());
  return f;
}

void row(const std::string& name, const std::string& value, const std::string& note = "") {
  std::printf("  %-44s %-24s %s\n", name.c_str(), value.c_str(), note.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  const auto parsed = parse(argc, argv, error);
  if (!parsed) return usage(error);
  const Options o = *parsed;

  std::string pattern = (std::filesystem::temp_directory_path() / "dq-load-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return usage("cannot make a temp dir");
  const std::filesystem::path dir = pattern;
  {
    std::ofstream config(dir / "bot.yaml");
    config << "llm: dry-run\ndry_run_latency_ms: " << o.latency_ms
           << "\ntelegram: {poll_timeout_seconds: 5}\n";  // rate limits and progress throttle: the defaults
  }

  dq::testing::FakeTelegramServer tg;
  tg.start();
  dq::bench::LoadChats chats(tg, {.chats = o.chats,
                                  .think = std::chrono::milliseconds(o.think_ms),
                                  .ramp = 1000ms,
                                  .first_chat_id = 5'000'001});
  const auto process = dq::testing::start_process(
      {o.bot, "--config", "bot.yaml", "--scenarios", o.scenarios, "--store", "bot.db"}, dir.string(),
      {dir.string(),
       {{"TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN"},
        {"TELEGRAM_API_URL", tg.base_url()},
        {"DEALQUEST_STORE", ""}},
       {}});
  const auto sampling_began = std::chrono::steady_clock::now();
  dq::bench::RssSampler rss(process.pid);
  std::cerr << "dq_load_bench: " << o.chats << " chats for " << o.seconds << " s, dry-run LLM at "
            << o.latency_ms << " ms; bot pid " << process.pid << ", files in " << dir.string() << "\n";
  if (!tg.wait_until([](const dq::testing::FakeTelegramServer& s) { return s.held_polls() > 0; }, 30s)) {
    ::kill(process.pid, SIGKILL);
    const auto r = dq::testing::wait_process(process);
    std::cerr << "dq_load_bench: the bot never polled (exit " << r.exit_code << ")\n" << r.err << "\n";
    return 3;
  }

  const auto began = std::chrono::steady_clock::now();
  const LoadResults results = chats.run(began + std::chrono::seconds(o.seconds));
  const double run_end_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sampling_began).count();
  const double load_began_s = std::chrono::duration<double>(began - sampling_began).count();
  rss.stop();
  const dq::testing::TgRateCounts rates = tg.rate_counts();

  const auto stop_began = std::chrono::steady_clock::now();
  ::kill(process.pid, SIGTERM);
  const auto exited = dq::testing::wait_process(process);
  const double stop_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - stop_began).count();
  tg.stop();

  const StoreFacts store = read_store((dir / "bot.db").string());
  const BotLog log = read_log(exited.err);
  std::ofstream(dir / "bot.log") << exited.err;  // kept with --keep or when the bot failed
  // The RSS windows count from when the load began (the bot's start-up is not part of it).
  std::vector<dq::bench::RssSample> during;
  for (auto s : rss.samples())
    if (s.second >= load_began_s) during.push_back({s.second - load_began_s, s.kb});
  const RssSummary mem = dq::bench::summarize(during, run_end_s - load_began_s, rss.hwm_kb());
  const double answered = static_cast<double>(results.reply_ms.size());

  std::printf("\ndealquest-bot under load: %d chats for %d s, dry-run LLM at %d ms, think time %d ms\n",
              o.chats, o.seconds, o.latency_ms, o.think_ms);
  row("chats that reached the negotiation",
      std::to_string(results.chats_negotiating) + " / " + std::to_string(o.chats));
  row("messages sent / answered", std::to_string(results.sent) + " / " + fixed(answered),
      fixed(answered / o.seconds, 1) + " answers/s");
  row("reply time p50 / p95 / p99",
      fixed(percentile(results.reply_ms, 50)) + " / " + fixed(percentile(results.reply_ms, 95)) + " / " +
          fixed(percentile(results.reply_ms, 99)) + " ms",
      "max " + fixed(percentile(results.reply_ms, 100)) + " ms");
  row("setup (/start -> menu, press -> chosen) p50 / p95",
      fixed(percentile(results.setup_ms, 50)) + " / " + fixed(percentile(results.setup_ms, 95)) + " ms");
  row("unanswered when the time was up", std::to_string(results.waiting_at_end),
      "oldest waiting " + fixed(results.oldest_wait_ms) + " ms");
  row("replies that were an apology", std::to_string(results.failed_replies));
  row("messages the fake counted", std::to_string(rates.messages),
      fixed(static_cast<double>(rates.messages) / o.seconds, 1) + " /s");
  row("rate-limit violations (must be 0)", std::to_string(rates.violations),
      "per chat " + std::to_string(rates.per_chat) + ", overall " + std::to_string(rates.global) + "; peak " +
          std::to_string(rates.peak_global) + " in 1 s (limit 30)");
  row("RSS, " + fixed(mem.early.from) + "-" + fixed(mem.early.to) + " s: max / mean",
      mb(static_cast<double>(mem.early.max_kb)) + " / " + mb(mem.early.mean_kb));
  row("RSS, " + fixed(mem.late.from) + "-" + fixed(mem.late.to) + " s: max / mean",
      mb(static_cast<double>(mem.late.max_kb)) + " / " + mb(mem.late.mean_kb));
  row("RSS last / second (max)", fixed(mem.ratio, 3),
      mem.ratio > 0 && mem.ratio <= 1.10 ? "flat (<= 1.10)" : "GROWING (> 1.10)");
  row("RSS peak (samples / VmHWM)",
      mb(static_cast<double>(mem.peak_kb)) + " / " + mb(static_cast<double>(mem.hwm_kb)));
  row("bot exit after SIGTERM", std::to_string(exited.exit_code), "in " + fixed(stop_s, 1) + " s");
  if (store.error.empty()) {
    row("spans written (in the store) / dropped",
        std::to_string(store.spans) + " / " + std::to_string(store.dropped), "run " + store.status);
  } else {
    row("spans", "unknown", store.error);
  }
  for (const auto& [what, n] : log.warnings) row("log: " + what, std::to_string(n));

  std::printf("\nchats %d\nseconds %d\nlatency_ms %d\nsent %lld\nanswered %zu\n", o.chats, o.seconds,
              o.latency_ms, static_cast<long long>(results.sent), results.reply_ms.size());
  std::printf("reply_p50_ms %.0f\nreply_p95_ms %.0f\nreply_p99_ms %.0f\nreply_max_ms %.0f\n",
              percentile(results.reply_ms, 50), percentile(results.reply_ms, 95),
              percentile(results.reply_ms, 99), percentile(results.reply_ms, 100));
  std::printf("unanswered_at_end %d\nfailed_replies %lld\nmessages_counted %lld\n", results.waiting_at_end,
              static_cast<long long>(results.failed_replies), static_cast<long long>(rates.messages));
  std::printf(
      "rate_violations %lld\nrate_violations_per_chat %lld\nrate_violations_global %lld\npeak_per_second "
      "%d\n",
      static_cast<long long>(rates.violations), static_cast<long long>(rates.per_chat),
      static_cast<long long>(rates.global), rates.peak_global);
  std::printf("rss_early_max_kb %lld\nrss_early_mean_kb %.0f\nrss_late_max_kb %lld\nrss_late_mean_kb %.0f\n",
              static_cast<long long>(mem.early.max_kb), mem.early.mean_kb,
              static_cast<long long>(mem.late.max_kb), mem.late.mean_kb);
  std::printf("rss_ratio %.3f\nrss_peak_kb %lld\nrss_hwm_kb %lld\n", mem.ratio,
              static_cast<long long>(mem.peak_kb), static_cast<long long>(mem.hwm_kb));
  std::printf("bot_exit %d\nspans_written %lld\nspans_dropped %lld\n", exited.exit_code,
              static_cast<long long>(store.spans), static_cast<long long>(store.dropped));

  if (!o.keep && exited.exit_code == 0) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  } else {
    std::cerr << "dq_load_bench: files kept in " << dir.string() << "\n";
  }
  return exited.exit_code == 0 ? 0 : 3;
}

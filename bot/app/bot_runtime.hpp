#pragma once
// What both front ends (Telegram, console) share: the scenario catalog, the price table, the chat state store
// and, from bot/runtime, the event loop, the LLM side, the traces and the bot's run row. Built once by
// open_runtime(); close() lets abandoned handlers unwind, drains the traces and finishes the run.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "bot/app/bot_options.hpp"
#include "bot/chat/llm_side.hpp"
#include "bot/chat/scenario_catalog.hpp"
#include "bot/core/error.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/cost/budget.hpp"
#include "bot/pipeline/conversation.hpp"
#include "bot/runtime/runtime.hpp"

namespace dq::store {
class SqliteChatStore;
}
namespace dq::otlp {
class TraceExporter;
}

namespace dq::app {

class RetentionWorker;

struct Runtime {
  Runtime();
  ~Runtime();
  BotOptions options;
  std::optional<chat::ScenarioCatalog> catalog;
  std::unique_ptr<cost::PriceTable> prices;
  // Declared before `core`, whose budget keeps the day's spend in it: destroyed after.
  std::unique_ptr<store::SqliteChatStore> state;
  std::unique_ptr<cost::SpendLedger> spend_ledger;
  std::unique_ptr<pipeline::ConversationStore> conversations;  // over `state`, in memory while it fails
  // Streams the traces to export.endpoint (null: off). Declared before `core`, whose span writer hands it
  // every batch: destroyed after.
  std::unique_ptr<otlp::TraceExporter> exporter;
  std::unique_ptr<runtime::Runtime> core;  // the loop, the LLM stack, the trace store, the run row
  std::unique_ptr<chat::LlmSide> llm;
  std::unique_ptr<RetentionWorker> retention;  // the store's retention, on its own thread (null: off)

  boost::asio::io_context& io() { return core->io(); }
  query::RunRow& run() { return core->run(); }
  // After the front end's loop ended (its objects still alive): ends provider calls still in flight and lets
  // the handlers they held unwind for at most `settle`, then drains the span queue and records how the run
  // ended, then lets the exporter send what it holds for at most `export_drain`. Returns the exit code.
  core::ExitCode close(const std::string& status, std::string note,
                       std::chrono::milliseconds settle = std::chrono::seconds(2),
                       std::chrono::milliseconds export_drain = std::chrono::seconds(5));
};

using RuntimeError = runtime::OpenError;

std::expected<std::unique_ptr<Runtime>, RuntimeError> open_runtime(BotOptions options);

// The front ends; each returns the process's exit code.
int run_telegram(Runtime& rt);
int run_console(Runtime& rt);

}  // namespace dq::app

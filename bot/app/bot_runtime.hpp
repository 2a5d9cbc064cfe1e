#pragma once
// What both front ends (Telegram, console) share: the scenario catalog, the stores, the LLM side, the trace
// queue and the bot's run row. Built once by open_runtime(); close() drains the traces and finishes the run.

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>

#include "bot/app/bot_options.hpp"
#include "bot/chat/llm_side.hpp"
#include "bot/chat/scenario_catalog.hpp"
#include "bot/core/error.hpp"
#include "bot/core/exit_code.hpp"
#include "bot/query/store_rows.hpp"

namespace dq::store {
class SqliteStore;
class SqliteChatStore;
}  // namespace dq::store
namespace dq::trace {
class SpanQueue;
class Tracer;
}  // namespace dq::trace
namespace dq::cost {
class PriceTable;
}
namespace dq::llm_stack {
class ProviderLlm;
}

namespace dq::app {

struct Runtime {
  Runtime();
  ~Runtime();
  BotOptions options;
  std::optional<chat::ScenarioCatalog> catalog;
  std::unique_ptr<store::SqliteStore> traces;
  std::unique_ptr<store::SqliteChatStore> state;
  std::unique_ptr<cost::PriceTable> prices;
  std::unique_ptr<llm_stack::ProviderLlm> providers;
  std::unique_ptr<chat::LlmSide> llm;
  std::unique_ptr<trace::SpanQueue> queue;
  std::unique_ptr<trace::Tracer> tracer;
  query::RunRow run;

  // Drains the span queue and records how the run ended. Returns the exit code to use.
  core::ExitCode close(const std::string& status, std::string note);
};

struct RuntimeError {
  core::Error error;
  core::ExitCode exit = core::ExitCode::usage;
};

std::expected<std::unique_ptr<Runtime>, RuntimeError> open_runtime(BotOptions options, boost::asio::io_context& io);

// The front ends; each returns the process's exit code.
int run_telegram(Runtime& rt, boost::asio::io_context& io);
int run_console(Runtime& rt, boost::asio::io_context& io);

}  // namespace dq::app

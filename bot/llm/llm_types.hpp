#pragma once
// Provider-neutral LLM request and response: what the pipeline asks and what it gets back.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dq::llm {

struct Message {
  std::string role;  // "user" | "assistant"
  std::string content;
};

struct Request {
  std::string agent;     // "counterpart" | "coach": who is asking (used by mocks and recordings)
  std::string provider;  // "anthropic" | "openrouter"
  std::string model;
  int max_tokens = 0;
  std::optional<double> temperature;  // not sent unless set
  std::string system;
  std::vector<Message> messages;
};

struct Usage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cache_read_tokens = 0;
  std::int64_t cache_write_tokens = 0;
};

struct Response {
  std::string text;
  std::string provider;  // who answered: "anthropic", "openrouter", or "mock" (dry run)
  std::string model;
  std::string stop_reason;  // "end_turn", "max_tokens", ...
  Usage usage;
  double cost_usd = 0.0;  // what this call cost; 0 for mocks and replays
};

// Tokens a text costs, estimated from its length (about 4 characters a token for English prose). Used by the
// dry-run mock and the cost estimate; real usage replaces it wherever a provider reports it.
std::int64_t estimate_tokens(const std::string& text);
std::int64_t estimate_input_tokens(const Request& request);

// Input tokens a request can cost at most, whatever the tokenizer: one token per UTF-8 byte of every text
// (byte-level BPE, as Claude, GPT and Llama use, and SentencePiece with byte fallback never emit more tokens
// than bytes) plus a framing allowance per message and per request above what the providers add for roles
// and turn markers. What a live call reserves against the budget cap, and what the worst case prices.
std::int64_t input_token_bound(const Request& request);
inline constexpr std::int64_t kFramingTokensPerMessage = 16;
inline constexpr std::int64_t kFramingTokensPerRequest = 64;

}  // namespace dq::llm

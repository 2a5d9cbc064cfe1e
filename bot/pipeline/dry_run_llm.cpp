#include "bot/pipeline/dry_run_llm.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <chrono>
#include <cmath>
#include <set>

#include "bot/pipeline/agents.hpp"
#include "bot/pipeline/deal_terms.hpp"
#include "bot/pipeline/trainee.hpp"

namespace dq::pipeline {
namespace {

constexpr std::array<const char*, 4> kOpeners{
    "Thanks for coming straight to the point.", "I hear you, but let me be clear.",
    "Let's keep this grounded in what is on the table.", "I appreciate the offer."};
constexpr std::array<const char*, 3> kClosers{"What would you propose?", "Where does that leave you?",
                                              "Can you work with that?"};

std::set<std::string> words_of(std::string_view text) {
  std::set<std::string> words;
  std::string w;
  auto flush = [&] {
    if (w.size() >= 4) words.insert(w);
    w.clear();
  };
  for (unsigned char c : text) {
    if (std::isalpha(c)) {
      w.push_back(static_cast<char>(std::tolower(c)));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

const DealTerm* first_money(const std::vector<DealTerm>& terms) {
  auto it =
      std::find_if(terms.begin(), terms.end(), [](const DealTerm& t) { return t.kind == TermKind::money; });
  return it == terms.end() ? nullptr : &*it;
}

// "$15,100": rounded to two significant figures' worth of zeros (100s below 100k, 1,000s below 1M, ...).
std::string money_text(double value, const std::string& currency) {
  const double step = value < 100'000 ? 100 : value < 1'000'000 ? 1'000 : 10'000;
  auto units =
      static_cast<long long>(std::llround(std::max(value, step) / step) * static_cast<long long>(step));
  std::string digits = std::to_string(units);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  const char* symbol = currency == "EUR" ? "€" : currency == "GBP" ? "£" : "$";
  return symbol + digits;
}

}  // namespace

std::string DryRunLlmClient::trainee_reply(const llm::Request& request) const {
  const auto t = static_cast<std::size_t>(
      1 + std::count_if(request.messages.begin(), request.messages.end(),
                        [](const llm::Message& m) { return m.role == "assistant"; }));
  const auto& facts = script_.facts;
  std::vector<DealTerm> fact_terms;
  for (const auto& f : facts) {
    auto terms = extract_deal_terms(f);
    fact_terms.insert(fact_terms.end(), terms.begin(), terms.end());
  }
  const auto goal_terms = extract_deal_terms(script_.trainee_goal);
  const DealTerm* asking = first_money(fact_terms);
  const DealTerm* goal = first_money(goal_terms);
  TraineeMove move;
  if (asking == nullptr || goal == nullptr) {
    if (t > facts.size()) {
      move = {"Thank you, that is all I needed to know.", TraineeStatus::nothing_left};
    } else {
      move = {"Can you tell me more about this: " + facts[t - 1] + "?", TraineeStatus::go_on};
    }
    return trainee_json(move);
  }
  const std::string& currency = goal->currency.empty() ? asking->currency : goal->currency;
  const double anchor = std::max(2 * goal->value - asking->value, goal->value / 2);
  switch (t) {
    case 1:
      move = {"Before we talk numbers, can you walk me through this: " + facts.front() + "?",
              TraineeStatus::go_on};
      break;
    case 2:
      move = {"I propose " + money_text(anchor, currency) + ".", TraineeStatus::go_on};
      break;
    case 3:
      move = {"I could move to " + money_text((anchor + goal->value) / 2, currency) + ", no further.",
              TraineeStatus::go_on};
      break;
    default:
      move = {"My final number is " + money_text(goal->value, currency) + ". Do we have a deal?",
              TraineeStatus::deal};
  }
  return trainee_json(move);
}

std::string DryRunLlmClient::counterpart_reply(const llm::Request& request) const {
  int turn = 0;
  std::string_view last_user;
  for (const auto& m : request.messages) {
    if (m.role == "user") {
      ++turn;
      last_user = m.content;
    }
  }
  if (auto it = script_.counterpart_replies.find(turn); it != script_.counterpart_replies.end())
    return it->second;
  if (script_.facts.empty()) return "I need to think about that.";
  const std::size_t n = script_.facts.size();
  const auto user_words = words_of(last_user);
  std::size_t best = static_cast<std::size_t>(std::max(turn - 1, 0)) % n;
  std::size_t best_common = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t common = 0;
    for (const auto& w : words_of(script_.facts[i])) common += user_words.count(w);
    if (common > best_common) {
      best_common = common;
      best = i;
    }
  }
  const std::size_t k = static_cast<std::size_t>(std::max(turn - 1, 0));
  return std::string(kOpeners[k % kOpeners.size()]) + " " + script_.facts[best] + " " +
         kClosers[k % kClosers.size()];
}

// Score = min(10, 3 + 2 x (trainee turns with a number in them) + (trainee turns asking a question)):
// concrete offers and questions are what the coach rewards.
std::string DryRunLlmClient::coach_reply(const llm::Request& request) const {
  if (script_.coach_reply) return *script_.coach_reply;
  int with_number = 0, with_question = 0, turns = 0;
  std::string_view transcript =
      request.messages.empty() ? std::string_view{} : request.messages.back().content;
  std::size_t pos = 0;
  while (pos < transcript.size()) {
    std::size_t eol = transcript.find('\n', pos);
    if (eol == std::string_view::npos) eol = transcript.size();
    std::string_view line = transcript.substr(pos, eol - pos);
    if (line.starts_with(kTraineePrefix)) {
      ++turns;
      with_number += has_digit(line) ? 1 : 0;
      with_question += line.find('?') != std::string_view::npos ? 1 : 0;
    }
    pos = eol + 1;
  }
  const int score = std::min(10, 3 + 2 * with_number + with_question);
  std::string strengths = with_number > 0 ? R"(["You put concrete numbers on the table"])"
                                          : R"(["You kept the conversation going"])";
  std::string improvements = with_question > 0 ? R"(["Trade every concession for something in return"])"
                                               : R"(["Ask questions before you make an offer"])";
  return "{\"score\": " + std::to_string(score) + ", \"strengths\": " + strengths +
         ", \"improvements\": " + improvements +
         ", \"advice\": \"Open with an ambitious anchor backed by the "
         "facts, and make each concession smaller than the last (" +
         std::to_string(turns) + " turns reviewed).\"}";
}

boost::asio::awaitable<core::Result<llm::Response>> DryRunLlmClient::complete(const llm::Request& request) {
  ++calls_;
  if (script_.latency_ms > 0) {
    auto ex = co_await boost::asio::this_coro::executor;
    boost::asio::steady_timer timer(ex, std::chrono::milliseconds(script_.latency_ms));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  llm::Response r;
  r.text = request.agent == "coach"     ? coach_reply(request)
           : request.agent == "trainee" ? trainee_reply(request)
           : request.agent == "judge"   ? std::string(kDryRunJudgeAnswer)
                                        : counterpart_reply(request);
  r.provider = "mock";
  r.model = request.model;
  r.usage.input_tokens = llm::estimate_input_tokens(request);
  r.usage.output_tokens = llm::estimate_tokens(r.text);
  // A real model would have been cut off here; the mock keeps the text but says so, as a provider would.
  r.stop_reason = r.usage.output_tokens > request.max_tokens ? "max_tokens" : "end_turn";
  r.cost_usd = 0.0;
  co_return r;
}

}  // namespace dq::pipeline

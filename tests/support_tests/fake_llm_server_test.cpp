// The fake LLM server seen from the wire: a minimal blocking HTTP/1.1 client on raw sockets talks to it on
// 127.0.0.1, so these tests check the bytes a real client would get, not the server's own types.
#include "tests/support/fake_llm_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace dq::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::size_t declared_length = 0;
  bool complete = false;  // the whole declared body arrived
  json body_json() const { return json::parse(body, nullptr, false); }
};

// One blocking connection. Every wait is bounded, so a server that never answers fails a test, not the run.
class Client {
 public:
  explicit Client(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // One response: the head, then Content-Length bytes, or what arrived before the server closed.
  Reply read_reply(std::chrono::milliseconds limit = 5s) {
    const auto deadline = Clock::now() + limit;
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(deadline)) throw std::runtime_error("no response head; got: " + buffer_);
    Reply r = parse_head(buffer_.substr(0, head_end));
    buffer_.erase(0, head_end + 4);
    if (r.status >= 100 && r.status < 200) return r.complete = true, r;
    while (buffer_.size() < r.declared_length && fill(deadline)) {
    }
    r.body = buffer_.substr(0, std::min(buffer_.size(), r.declared_length));
    buffer_.erase(0, r.body.size());
    r.complete = r.body.size() == r.declared_length;
    return r;
  }

  bool closed_by_server(std::chrono::milliseconds limit = 5s) {
    const auto deadline = Clock::now() + limit;
    while (fill(deadline)) {
    }
    return eof_;
  }

  // Nothing arrives and the connection stays open for `quiet`.
  bool silent_for(std::chrono::milliseconds quiet) { return !fill(Clock::now() + quiet) && !eof_; }

 private:
  static Reply parse_head(const std::string& head) {
    Reply r;
    std::size_t pos = head.find(' ');
    r.status = std::stoi(head.substr(pos + 1, 3));
    while ((pos = head.find("\r\n", pos)) != std::string::npos) {
      pos += 2;
      const auto colon = head.find(':', pos);
      const auto eol = std::min(head.find("\r\n", pos), head.size());
      std::string name = head.substr(pos, colon - pos);
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      r.headers[name] = head.substr(colon + 2, eol - colon - 2);
    }
    if (r.headers.contains("content-length")) r.declared_length = std::stoul(r.headers["content-length"]);
    return r;
  }

  // Reads what is there into buffer_; false on EOF, error or the deadline.
  bool fill(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd_, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char chunk[16 * 1024];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return eof_ = true, false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  std::string buffer_;
  bool eof_ = false;
};

std::string post(std::string_view path, const std::string& body, const Headers& headers) {
  std::string out =
      "POST " + std::string(path) + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  return out + "content-length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const Headers kAnthropicHeaders = {{"x-api-key", "sk-ant-test"}, {"anthropic-version", "2023-06-01"}};
const Headers kOpenRouterHeaders = {{"authorization", "Bearer sk-or-v1-test"}};

json anthropic_body(const std::string& system, const std::string& user, int max_tokens = 400) {
  return {{"model", "claude-sonnet-4-6"},
          {"max_tokens", max_tokens},
          {"system", system},
          {"messages", {{{"role", "user"}, {"content", user}}}}};
}

json openrouter_body(const std::string& system, const std::string& user) {
  return {{"model", "anthropic/claude-sonnet-4.6"},
          {"max_tokens", 400},
          {"messages", {{{"role", "system"}, {"content", system}}, {{"role", "user"}, {"content", user}}}}};
}

std::string anthropic_request(const json& body = anthropic_body("You are Sam.", "Hello"),
                              const Headers& headers = kAnthropicHeaders) {
  return post("/v1/messages", body.dump(), headers);
}

std::string openrouter_request(const json& body = openrouter_body("You are Sam.", "Hello"),
                               std::string_view path = "/api/v1/chat/completions") {
  return post(path, body.dump(), kOpenRouterHeaders);
}

class FakeLlm : public ::testing::Test {
 protected:
  FakeLlm() { server.start(); }

  Reply exchange(const std::string& request) {
    Client client(server.port());
    client.send(request);
    return client.read_reply();
  }
  std::string anthropic_text(const Reply& r) {
    return r.body_json()["content"][0]["text"].get<std::string>();
  }

  FakeLlmServer server;
};

// --- success shapes ---

TEST_F(FakeLlm, AnswersTheMessagesApiInItsDocumentedShapeWithARequestIdHeader) {
  const json body = anthropic_body("You are Sam.", "What is the price?");
  Reply r = exchange(anthropic_request(body));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_TRUE(r.headers["request-id"].starts_with("req_")) << r.headers["request-id"];
  const json j = r.body_json();
  EXPECT_TRUE(j["id"].get<std::string>().starts_with("msg_"));
  EXPECT_EQ(j["type"], "message");
  EXPECT_EQ(j["role"], "assistant");
  EXPECT_EQ(j["model"], "claude-sonnet-4-6");
  ASSERT_EQ(j["content"].size(), 1u);
  EXPECT_EQ(j["content"][0]["type"], "text");
  const std::string text = j["content"][0]["text"];
  EXPECT_EQ(j["stop_reason"], "end_turn");
  EXPECT_TRUE(j["stop_sequence"].is_null());
  const std::size_t input_chars =
      std::string("You are Sam.").size() + std::string("What is the price?").size();
  EXPECT_EQ(j["usage"], json({{"input_tokens", (input_chars + 3) / 4},
                              {"output_tokens", (text.size() + 3) / 4},
                              {"cache_creation_input_tokens", 0},
                              {"cache_read_input_tokens", 0}}));
}

TEST_F(FakeLlm, AnswersChatCompletionsOnBothPathsInOpenRoutersShapeWithACost) {
  for (const char* path : {"/api/v1/chat/completions", "/v1/chat/completions"}) {
    Reply r = exchange(openrouter_request(openrouter_body("You are Sam.", "What is the price?"), path));
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
    const json j = r.body_json();
    EXPECT_TRUE(j["id"].get<std::string>().starts_with("gen-"));
    EXPECT_EQ(j["object"], "chat.completion");
    EXPECT_TRUE(j["created"].is_number_integer());
    EXPECT_EQ(j["model"], "anthropic/claude-sonnet-4.6");
    EXPECT_EQ(j["provider"], "Anthropic");
    ASSERT_EQ(j["choices"].size(), 1u);
    EXPECT_EQ(j["choices"][0]["index"], 0);
    EXPECT_EQ(j["choices"][0]["message"]["role"], "assistant");
    EXPECT_EQ(j["choices"][0]["finish_reason"], "stop");
    const auto& usage = j["usage"];
    const std::int64_t in = usage["prompt_tokens"], out = usage["completion_tokens"];
    EXPECT_EQ(in, (12 + 18 + 3) / 4);
    EXPECT_EQ(
        out,
        static_cast<std::int64_t>(j["choices"][0]["message"]["content"].get<std::string>().size() + 3) / 4);
    EXPECT_EQ(usage["total_tokens"], in + out);
    EXPECT_DOUBLE_EQ(usage["cost"].get<double>(), (in * 3.0 + out * 15.0) / 1e6) << "Sonnet list price";
  }
}

TEST_F(FakeLlm, AReplyLongerThanMaxTokensIsCutAndSaysSo) {
  Reply r = exchange(
      anthropic_request(anthropic_body("You are Sam.\n- The price is firm", "Hi", /*max_tokens=*/2)));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json()["stop_reason"], "max_tokens");
  EXPECT_LE(r.body_json()["usage"]["output_tokens"].get<int>(), 2);
}

// --- validation like the real APIs ---

TEST_F(FakeLlm, TheMessagesApiWithoutAKeyIs401AuthenticationError) {
  Reply r = exchange(anthropic_request(anthropic_body("s", "u"), {{"anthropic-version", "2023-06-01"}}));
  EXPECT_EQ(r.status, 401);
  const json j = r.body_json();
  EXPECT_EQ(j["type"], "error");
  EXPECT_EQ(j["error"]["type"], "authentication_error");
  EXPECT_TRUE(j["request_id"].get<std::string>().starts_with("req_"));
}

TEST_F(FakeLlm, TheMessagesApiTakesTheKeyAsABearerTokenLikeTheNewSdks) {
  Reply r = exchange(anthropic_request(anthropic_body("s", "u"), {{"authorization", "Bearer sk-ant-test"},
                                                                  {"anthropic-version", "2026-10-21"}}));
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(FakeLlm, Version20261021RefusesTemperatureWhichVersion20230601Accepts) {
  json body = anthropic_body("s", "u");
  body["temperature"] = 0.3;
  Reply refused =
      exchange(anthropic_request(body, {{"x-api-key", "k"}, {"anthropic-version", "2026-10-21"}}));
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body_json()["error"]["type"], "invalid_request_error");
  EXPECT_NE(refused.body_json()["error"]["message"].get<std::string>().find("temperature"),
            std::string::npos);
  EXPECT_EQ(exchange(anthropic_request(body)).status, 200);
}

TEST_F(FakeLlm, TheMessagesApiRefusesMissingVersionMaxTokensOrMessagesWith400) {
  json no_max = anthropic_body("s", "u");
  no_max.erase("max_tokens");
  json no_messages = anthropic_body("s", "u");
  no_messages["messages"] = json::array();
  for (const auto& request :
       {anthropic_request(anthropic_body("s", "u"), {{"x-api-key", "k"}}), anthropic_request(no_max),
        anthropic_request(no_messages), post("/v1/messages", "{not json", kAnthropicHeaders)}) {
    Reply r = exchange(request);
    EXPECT_EQ(r.status, 400) << request;
    EXPECT_EQ(r.body_json()["error"]["type"], "invalid_request_error") << r.body;
  }
}

TEST_F(FakeLlm, ChatCompletionsWithoutABearerTokenIs401InTheOpenAiShape) {
  Reply r =
      exchange(post("/api/v1/chat/completions", openrouter_body("s", "u").dump(), {{"x-api-key", "k"}}));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body_json()["error"]["code"], 401);
  EXPECT_TRUE(r.body_json()["error"]["message"].is_string());
  json no_model = openrouter_body("s", "u");
  no_model.erase("model");
  EXPECT_EQ(exchange(openrouter_request(no_model)).status, 400);
}

TEST_F(FakeLlm, AnUnknownRouteIs404InTheProvidersErrorShape) {
  Reply anthropic = exchange("GET /v1/models HTTP/1.1\r\nhost: x\r\n\r\n");
  EXPECT_EQ(anthropic.status, 404);
  EXPECT_EQ(anthropic.body_json()["type"], "error");
  EXPECT_EQ(anthropic.body_json()["error"]["type"], "not_found_error");
  Reply openrouter = exchange(post("/api/v1/embeddings", "{}", kOpenRouterHeaders));
  EXPECT_EQ(openrouter.status, 404);
  EXPECT_EQ(openrouter.body_json()["error"]["code"], 404);
}

TEST_F(FakeLlm, ABodyOver8MiBIs413InTheAnthropicShapeWithoutBeingRead) {
  for (const char* path : {"/v1/messages", "/api/v1/chat/completions"}) {
    Client client(server.port());
    client.send(std::string("POST ") + path +
                " HTTP/1.1\r\nx-api-key: k\r\ncontent-length: 9437184\r\n\r\n{");
    Reply r = client.read_reply();
    EXPECT_EQ(r.status, 413) << path;
    EXPECT_EQ(r.body_json()["error"]["type"], "request_too_large") << r.body;
    EXPECT_TRUE(client.closed_by_server());
  }
}

// --- faults ---

struct ErrorFault {
  Fault fault;
  int status;
  const char* type;
};

class FakeLlmErrorFault : public FakeLlm, public ::testing::WithParamInterface<ErrorFault> {};

TEST_P(FakeLlmErrorFault, AnswersWithItsStatusInEachProvidersErrorShapeThenRecovers) {
  const ErrorFault c = GetParam();
  server.set_retry_after_seconds(7);
  server.inject(c.fault, 2);
  Reply anthropic = exchange(anthropic_request());
  EXPECT_EQ(anthropic.status, c.status);
  EXPECT_EQ(anthropic.body_json()["type"], "error");
  EXPECT_EQ(anthropic.body_json()["error"]["type"], c.type);
  EXPECT_EQ(anthropic.body_json()["request_id"], anthropic.headers["request-id"]);
  Reply openrouter = exchange(openrouter_request());
  EXPECT_EQ(openrouter.status, c.status);
  EXPECT_EQ(openrouter.body_json()["error"]["code"], c.status);
  if (c.fault == Fault::rate_limit_429) {
    EXPECT_EQ(anthropic.headers["retry-after"], "7");
    EXPECT_EQ(openrouter.headers["retry-after"], "7");
  }
  EXPECT_EQ(exchange(anthropic_request()).status, 200) << "the fault applied twice only";
}

INSTANTIATE_TEST_SUITE_P(Errors, FakeLlmErrorFault,
                         ::testing::Values(ErrorFault{Fault::rate_limit_429, 429, "rate_limit_error"},
                                           ErrorFault{Fault::overloaded_529, 529, "overloaded_error"},
                                           ErrorFault{Fault::server_500, 500, "api_error"}));

TEST_F(FakeLlm, RateLimitWaitsOneSecondByDefault) {
  server.inject(Fault::rate_limit_429);
  EXPECT_EQ(exchange(anthropic_request()).headers["retry-after"], "1");
}

TEST_F(FakeLlm, FaultsApplyToTheNextRequestsInTheOrderTheyWereInjected) {
  server.inject(Fault::server_500);
  server.inject(Fault::rate_limit_429, 2);
  EXPECT_EQ(exchange(anthropic_request()).status, 500);
  EXPECT_EQ(exchange(anthropic_request()).status, 429);
  EXPECT_EQ(exchange(openrouter_request()).status, 429);
  EXPECT_EQ(exchange(anthropic_request()).status, 200);
}

TEST_F(FakeLlm, TheTimeoutFaultReadsTheRequestNeverAnswersAndStopClosesTheConnection) {
  server.inject(Fault::timeout);
  Client client(server.port());
  client.send(anthropic_request());
  EXPECT_TRUE(client.silent_for(300ms));
  EXPECT_EQ(server.request_count(), 1) << "the request was read";
  const auto before = Clock::now();
  server.stop();
  EXPECT_LT(Clock::now() - before, 2s);
  EXPECT_TRUE(client.closed_by_server(1s));
}

TEST_F(FakeLlm, TheTruncatedBodyFaultPromisesMoreThanItSendsThenCloses) {
  server.inject(Fault::truncated_body);
  Client client(server.port());
  client.send(anthropic_request());
  Reply r = client.read_reply(2s);
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.complete);
  EXPECT_LT(r.body.size(), r.declared_length);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(FakeLlm, TheMalformedJsonFaultIsA200WhoseBodyDoesNotParse) {
  server.inject(Fault::malformed_json, 2);
  for (const auto& request : {anthropic_request(), openrouter_request()}) {
    Reply r = exchange(request);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers["content-type"], "application/json");
    EXPECT_TRUE(r.body_json().is_discarded()) << r.body;
  }
}

TEST_F(FakeLlm, TheWrongContentTypeFaultIsA200HtmlPage) {
  server.inject(Fault::wrong_content_type);
  Reply r = exchange(anthropic_request());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/html");
  EXPECT_NE(r.body.find("<html>"), std::string::npos);
}

TEST_F(FakeLlm, TheMissingFieldsFaultIsValidJsonWithoutContentOrChoices) {
  server.inject(Fault::missing_fields, 2);
  const json anthropic = exchange(anthropic_request()).body_json();
  EXPECT_EQ(anthropic["type"], "message");
  EXPECT_FALSE(anthropic.contains("content"));
  const json openrouter = exchange(openrouter_request()).body_json();
  EXPECT_EQ(openrouter["object"], "chat.completion");
  EXPECT_FALSE(openrouter.contains("choices"));
}

TEST(FakeLlmFaults, EveryFaultNameParsesBackAndUnknownNamesDoNot) {
  for (Fault f : {Fault::rate_limit_429, Fault::overloaded_529, Fault::server_500, Fault::timeout,
                  Fault::truncated_body, Fault::malformed_json, Fault::wrong_content_type,
                  Fault::missing_fields, Fault::echo_400, Fault::echo_502, Fault::echo_200})
    EXPECT_EQ(parse_fault(fault_name(f)), f) << fault_name(f);
  EXPECT_FALSE(parse_fault("teapot_418").has_value());
}

// --- connections and latency ---

TEST_F(FakeLlm, KeepsTheConnectionAliveForASecondRequest) {
  Client client(server.port());
  client.send(anthropic_request());
  Reply first = client.read_reply();
  client.send(openrouter_request());
  Reply second = client.read_reply();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.headers["connection"], "keep-alive");
  EXPECT_EQ(second.status, 200);
  EXPECT_TRUE(second.body_json().contains("choices"));
}

TEST_F(FakeLlm, AnswersPipelinedRequestsInOrderAndClosesWhenAsked) {
  Client client(server.port());
  std::string closing = anthropic_request();
  closing.insert(closing.find("\r\n") + 2, "connection: close\r\n");
  client.send(openrouter_request() + closing);
  EXPECT_TRUE(client.read_reply().body_json().contains("choices"));
  Reply last = client.read_reply();
  EXPECT_TRUE(last.body_json().contains("content"));
  EXPECT_EQ(last.headers["connection"], "close");
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(FakeLlm, SendsContinueToAClientThatExpectsIt) {
  Client client(server.port());
  const std::string request = anthropic_request();
  const auto head_end = request.find("\r\n\r\n");
  client.send(request.substr(0, head_end) + "\r\nexpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_reply().status, 100);
  client.send(request.substr(head_end + 4));
  EXPECT_EQ(client.read_reply().status, 200);
}

TEST_F(FakeLlm, LatencyIsAppliedToConcurrentRequestsAtOnce) {
  server.set_latency(200ms);
  std::vector<std::unique_ptr<Client>> clients;
  const auto start = Clock::now();
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<Client>(server.port()));
    clients.back()->send(i % 2 ? anthropic_request() : openrouter_request());
  }
  for (auto& c : clients) EXPECT_EQ(c->read_reply().status, 200);
  const auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, 200ms);
  EXPECT_LT(elapsed, 2s) << "20 requests at 200 ms must overlap";
}

TEST_F(FakeLlm, DeclaresItsConfiguredLatencyInAServerTimingHeader) {
  EXPECT_EQ(exchange(anthropic_request()).headers["server-timing"], "total;dur=0");
  server.set_latency(30ms);
  EXPECT_EQ(exchange(openrouter_request()).headers["server-timing"], "total;dur=30")
      << "what a reproducible recording stores as latency_ms, whatever the wall clock measured";
}

TEST_F(FakeLlm, ServesTwoHundredConnectionsAtOnce) {
  server.set_latency(50ms);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 200; ++i) {
    clients.push_back(std::make_unique<Client>(server.port()));
    clients.back()->send(anthropic_request());
  }
  int ok = 0;
  for (auto& c : clients) ok += c->read_reply().status == 200;
  EXPECT_EQ(ok, 200);
  EXPECT_EQ(server.request_count(), 200);
}

TEST_F(FakeLlm, StopReturnsPromptlyWithIdleAndWaitingConnectionsOpen) {
  server.set_latency(1h);
  Client idle(server.port());
  Client waiting(server.port());
  waiting.send(anthropic_request());
  while (server.request_count() < 1) std::this_thread::sleep_for(1ms);
  const auto before = Clock::now();
  server.stop();
  EXPECT_LT(Clock::now() - before, 2s);
  EXPECT_TRUE(idle.closed_by_server(1s));
  EXPECT_TRUE(waiting.closed_by_server(1s));
}

// --- requests and replies ---

TEST_F(FakeLlm, CountsAndKeepsEveryRequestWithLowerCaseHeaderNames) {
  const std::string body = anthropic_body("s", "first").dump();
  exchange(post("/v1/messages", body, {{"X-Api-Key", "k"}, {"Anthropic-Version", "2023-06-01"}}));
  exchange(openrouter_request());
  exchange("GET /nowhere HTTP/1.1\r\n\r\n");
  EXPECT_EQ(server.request_count(), 3);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/v1/messages");
  EXPECT_EQ(requests[0].headers.at("x-api-key"), "k");
  EXPECT_EQ(requests[0].headers.at("anthropic-version"), "2023-06-01");
  EXPECT_EQ(requests[0].body, body);
  EXPECT_EQ(requests[1].path, "/api/v1/chat/completions");
  EXPECT_EQ(requests[2].method, "GET");
}

TEST_F(FakeLlm, AGeneratedCoachReplyIsTheDebriefJson) {
  Reply r =
      exchange(openrouter_request(openrouter_body("You are a negotiation coach. Score it.", "transcript")));
  const json debrief = json::parse(r.body_json()["choices"][0]["message"]["content"].get<std::string>());
  EXPECT_EQ(debrief["score"], 6);
  EXPECT_FALSE(debrief["strengths"].empty());
  EXPECT_FALSE(debrief["improvements"].empty());
  EXPECT_TRUE(debrief["advice"].is_string());
}

TEST_F(FakeLlm, AGeneratedTraineeAsksOffersAndAcceptsInItsJsonForm) {
  const std::string system =
      "You are a trainee practising a negotiation: a car.\nYour goal (private): pay $17,000 at most.\n"
      "- Sticker price: $18,900\n";
  json body = anthropic_body(system, "Hello!");
  std::vector<json> moves;
  for (int t = 1; t <= 4; ++t) {
    moves.push_back(json::parse(anthropic_text(exchange(anthropic_request(body)))));
    body["messages"].push_back({{"role", "assistant"}, {"content", moves.back().dump()}});
    body["messages"].push_back({{"role", "user"}, {"content", "Hmm."}});
  }
  EXPECT_EQ(moves[0]["message"], "Could you tell me more about this: Sticker price: $18,900?");
  EXPECT_EQ(moves[1]["message"], "I propose $15,100.");  // 2 x 17,000 - 18,900
  EXPECT_EQ(moves[2]["message"], "I propose $16,000.");  // halfway, in whole hundreds
  EXPECT_EQ(moves[3]["message"], "I can agree at $17,000. Deal?");
  EXPECT_EQ(moves[3]["status"], "deal");
  EXPECT_EQ(moves[2]["status"], "continue");
}

TEST_F(FakeLlm, ScriptedRepliesFromAFileAnswerTheFirstEntryWhoseConditionsHold) {
  TempDir dir;
  const auto file = dir.write("responses.json", R"({"responses": [
      {"agent": "coach", "text": "{\"score\": 9}"},
      {"match": "review cycle", "text": "January it is."},
      {"match": "Priya", "agent": "counterpart", "text": "Priya speaking."},
      {"match": "review", "text": "never reached for a review cycle question"}]})");
  ASSERT_TRUE(server.load_responses(file).has_value());
  const std::string priya = "You are Priya.\n- Budget is 6%";
  EXPECT_EQ(anthropic_text(exchange(anthropic_request(anthropic_body(priya, "When is the review cycle?")))),
            "January it is.");
  EXPECT_EQ(anthropic_text(exchange(anthropic_request(anthropic_body(priya, "Hello, Priya")))),
            "Priya speaking.");
  EXPECT_NE(anthropic_text(exchange(anthropic_request(anthropic_body(priya, "Hello")))).find("Budget is 6%"),
            std::string::npos)
      << "a match in the system prompt chooses no entry: generated";
  EXPECT_EQ(
      anthropic_text(exchange(anthropic_request(anthropic_body("You are a negotiation coach.", "Priya")))),
      "{\"score\": 9}");
  EXPECT_NE(anthropic_text(exchange(anthropic_request(anthropic_body("You are Bob.\n- Fact one", "Hello"))))
                .find("Fact one"),
            std::string::npos)
      << "no entry holds: generated";
}

// --- the program ---

TEST(FakeLlmProgram, PrintsItsAddressServesWithInjectedFaultsAndReportsTheCountOnSigterm) {
  TempDir dir;
  auto p =
      start_process({DQ_FAKE_LLM_BIN, "--fault", "server_500:2", "--latency-ms", "10"}, dir.path().string());
  std::string out;
  for (int i = 0; i < 500 && out.find('\n') == std::string::npos; ++i) {
    std::this_thread::sleep_for(10ms);
    out = read_file(p.out_path);
  }
  ASSERT_TRUE(out.starts_with("listening on http://127.0.0.1:")) << out;
  const auto port = static_cast<std::uint16_t>(std::stoi(out.substr(out.rfind(':') + 1)));
  for (int expected : {500, 500, 200}) {
    Client client(port);
    client.send(anthropic_request());
    EXPECT_EQ(client.read_reply().status, expected);
  }
  ::kill(p.pid, SIGTERM);
  auto r = wait_process(p);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("served 3 requests"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dq::testing

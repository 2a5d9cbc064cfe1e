// dealquest-fake-llm: the fake LLM server as a program, for the demo, benchmarks, recording cassettes and
// trying a client by hand.
//   dealquest-fake-llm [--port N] [--latency-ms N] [--responses FILE] [--fault NAME[:times]]...
// Prints "listening on http://127.0.0.1:PORT" as its first line, serves until SIGINT or SIGTERM, then prints
// how many requests it served. Exit codes: 0 after a signal, 2 for a usage error, 3 when it cannot listen.
// It plays the four roles dealquest asks for, told apart by their system prompts: counterpart, coach,
// simulated trainee and judge. What each says, when no --responses entry applies, is a documented,
// deterministic rule (tests/support/fake_llm_replies.hpp): the trainee asks, proposes, concedes and agrees in
// four messages; the judge fails a transcript that breaks character ("as an AI", "language model").
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/system_error.hpp>
#include <charconv>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "tests/support/fake_llm_server.hpp"

namespace {

constexpr const char* kUsage =
    "usage: dealquest-fake-llm [--port N] [--latency-ms N] [--responses FILE] [--fault NAME[:times]]...\n"
    "faults: rate_limit_429 overloaded_529 server_500 timeout truncated_body malformed_json\n"
    "        wrong_content_type missing_fields stall_mid_body reset_mid_body huge_body\n"
    "        echo_400 echo_502 echo_200 (bodies that quote the last user message)\n";

std::optional<int> to_int(std::string_view text, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return std::nullopt;
  return value;
}

int usage_error(const std::string& message) {
  std::cerr << "dealquest-fake-llm: " << message << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  dq::testing::FakeLlmServer server;
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg != "--port" && arg != "--latency-ms" && arg != "--responses" && arg != "--fault")
      return usage_error("unknown argument '" + std::string(arg) + "'");
    if (i + 1 >= argc) return usage_error(std::string(arg) + " needs a value");
    const std::string_view value = argv[++i];
    if (arg == "--port") {
      auto n = to_int(value, 0, 65535);
      if (!n) return usage_error("--port: expected 0..65535, got '" + std::string(value) + "'");
      port = *n;
    } else if (arg == "--latency-ms") {
      auto n = to_int(value, 0, 3'600'000);
      if (!n)
        return usage_error("--latency-ms: expected a number of milliseconds, got '" + std::string(value) +
                           "'");
      server.set_latency(std::chrono::milliseconds(*n));
    } else if (arg == "--responses") {
      if (auto loaded = server.load_responses(std::string(value)); !loaded)
        return usage_error(loaded.error());
    } else {
      const auto colon = value.find(':');
      const auto fault = dq::testing::parse_fault(value.substr(0, colon));
      const auto times = colon == std::string_view::npos ? std::optional<int>(1)
                                                         : to_int(value.substr(colon + 1), 1, 1'000'000);
      if (!fault) return usage_error("--fault: unknown fault '" + std::string(value.substr(0, colon)) + "'");
      if (!times)
        return usage_error("--fault: expected NAME:times with times >= 1, got '" + std::string(value) + "'");
      server.inject(*fault, *times);
    }
  }

  // Installed before "listening on" is printed, so a signal sent as soon as that line appears is caught.
  boost::asio::io_context signals_io;
  boost::asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int) {});
  try {
    server.start(static_cast<std::uint16_t>(port));
  } catch (const boost::system::system_error& e) {
    std::cerr << "dealquest-fake-llm: cannot listen on 127.0.0.1:" << port << ": " << e.code().message()
              << "\n";
    return 3;
  }
  std::cout << "listening on " << server.base_url() << std::endl;
  signals_io.run();  // until the one signal wait completes
  server.stop();
  std::cout << "served " << server.request_count() << " requests" << std::endl;
  return 0;
}

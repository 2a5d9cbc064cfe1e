// dealquest-fake-llm: the fake LLM server as a program, for the demo, benchmarks and trying things by hand.
//   dealquest-fake-llm [--port N] [--latency-ms N] [--responses FILE] [--fault NAME[:times]]...
// Prints "listening on http://127.0.0.1:PORT" first, serves until SIGINT/SIGTERM, then prints the count.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>

#include "tests/support/fake_llm_server.hpp"

namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  dq::testing::FakeLlmServer server;
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "dealquest-fake-llm: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--port") {
      port = std::stoi(value());
    } else if (arg == "--latency-ms") {
      server.set_latency(std::chrono::milliseconds(std::stoi(value())));
    } else if (arg == "--responses") {
      std::string error;
      if (!server.load_responses(value(), error)) {
        std::fprintf(stderr, "dealquest-fake-llm: %s\n", error.c_str());
        return 2;
      }
    } else if (arg == "--fault") {
      std::string spec = value();
      int times = 1;
      if (auto colon = spec.find(':'); colon != std::string::npos) {
        times = std::stoi(spec.substr(colon + 1));
        spec = spec.substr(0, colon);
      }
      dq::testing::Fault fault;
      if (!dq::testing::parse_fault(spec, fault)) {
        std::fprintf(stderr, "dealquest-fake-llm: unknown fault '%s'\n", spec.c_str());
        return 2;
      }
      server.inject(fault, times);
    } else {
      std::fprintf(stderr, "usage: dealquest-fake-llm [--port N] [--latency-ms N] [--responses FILE] [--fault NAME[:times]]\n");
      return arg == "--help" ? 0 : 2;
    }
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  server.start(static_cast<std::uint16_t>(port));
  std::printf("listening on %s\n", server.base_url().c_str());
  std::fflush(stdout);
  while (!g_stop) pause();
  server.stop();
  std::printf("served %d requests\n", server.request_count());
  return 0;
}

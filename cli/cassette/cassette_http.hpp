#pragma once
// Transitional umbrella: cli/commands/provider_llm.cpp includes this. New code includes the client it uses.

#include "cli/cassette/http_exchange.hpp"
#include "cli/cassette/recording_http_client.hpp"
#include "cli/cassette/replaying_http_client.hpp"

#pragma once
// Transitional umbrella: cli/commands/provider_llm.cpp includes this. New code includes the client it uses.

#include "bot/cassette/http_exchange.hpp"
#include "bot/cassette/recording_http_client.hpp"
#include "bot/cassette/replaying_http_client.hpp"

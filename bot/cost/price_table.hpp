#pragma once
// The price table: USD per million tokens for each provider/model, versioned and shipped in the repo
// (bot/cost/prices.json, embedded in the binary at build time), overridable by a user file of the same
// format. An unknown model is reported (find() returns nullptr), never silently priced at $0: live mode
// turns it into `cost.unknown_model`.
//
// File format 1: {"format_version": 1, "as_of": "YYYY-MM-DD", "source": "...", "models": [{"provider": ...,
// "model": ..., "input_per_mtok": ..., "output_per_mtok": ..., "cache_write_5m_per_mtok": ...,
// "cache_write_1h_per_mtok": ..., "cache_read_per_mtok": ..., "note": "optional"}]}. Every price is
// required and unknown keys are refused, so a typo in a user file cannot price anything at $0.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.hpp"

namespace dq::cost {

struct ModelPrice {
  std::string provider, model;
  double input_per_mtok = 0, output_per_mtok = 0, cache_write_5m_per_mtok = 0, cache_write_1h_per_mtok = 0,
         cache_read_per_mtok = 0;
};

struct TokenCounts {
  std::int64_t input = 0, output = 0, cache_write_5m = 0, cache_write_1h = 0, cache_read = 0;
};

// protocols.md §3.6: (input·in + cache_5m·w5m + cache_1h·w1h + cache_read·hit + output·out) / 1e6, where
// `input` excludes the cache tokens (Anthropic's `input_tokens`).
double cost_usd(const ModelPrice& price, const TokenCounts& tokens);
// The most a call of at most `input_tokens` in and `output_tokens` out can cost: every input token at the
// dearest rate it could be billed at (plain input, cache write or cache read).
double worst_cost_usd(const ModelPrice& price, std::int64_t input_tokens, std::int64_t output_tokens);

class PriceTable {
 public:
  // The only version this build reads (oldest and newest supported).
  static constexpr int kFormatVersion = 1;

  // The embedded prices.json.
  static core::Result<PriceTable> builtin();
  // Errors: `cost.bad_price_table`, where = `source`, the message names the field that is wrong.
  static core::Result<PriceTable> parse(std::string_view json, const std::string& source);
  // Errors: `cost.io` (cannot read `path`) or those of parse().
  static core::Result<PriceTable> load_file(const std::string& path);

  // Entries of `user` replace ours with the same provider and model, or are added; its as_of, when set,
  // becomes ours.
  void override_with(const PriceTable& user);

  // nullptr when the model is not in the table. The pointer is valid until the next override_with().
  const ModelPrice* find(std::string_view provider, std::string_view model) const;
  const std::vector<ModelPrice>& models() const { return models_; }
  const std::string& as_of() const { return as_of_; }
  int format_version() const { return format_version_; }

 private:
  int format_version_ = kFormatVersion;
  std::string as_of_;
  std::vector<ModelPrice> models_;
};

}  // namespace dq::cost

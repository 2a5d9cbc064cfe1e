#pragma once
// The price table: USD per million tokens for each provider/model, versioned and shipped in the repo
// (cli/cost/prices.json, embedded in the binary at build time), overridable by a user file of the same
// format. An unknown model is reported, never silently priced at $0 (CostedLlmClient makes it an error in
// live mode).

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

// (input·in + cache_5m·w5m + cache_1h·w1h + cache_read·hit + output·out) / 1e6 (protocols.md §3.6).
double cost_usd(const ModelPrice& price, const TokenCounts& tokens);

class PriceTable {
 public:
  inline static constexpr int kFormatVersion = 1;

  static core::Result<PriceTable> builtin();
  // Errors: `cost.bad_price_table` (names `source` and what is wrong), `cost.io` for unreadable files.
  static core::Result<PriceTable> parse(std::string_view json, const std::string& source);
  static core::Result<PriceTable> load_file(const std::string& path);

  // Entries of `user` replace ours (same provider and model) or are added.
  void override_with(const PriceTable& user);
  const ModelPrice* find(std::string_view provider, std::string_view model) const;
  const std::string& as_of() const { return as_of_; }
  const std::vector<ModelPrice>& models() const { return models_; }

 private:
  std::string as_of_;
  std::vector<ModelPrice> models_;
};

}  // namespace dq::cost

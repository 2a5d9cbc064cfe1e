#include "cli/cost/price_table.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace dq::cost {

extern const char* const kBuiltinPrices;  // prices_data.cpp, generated from prices.json

double cost_usd(const ModelPrice& p, const TokenCounts& t) {
  return (static_cast<double>(t.input) * p.input_per_mtok + static_cast<double>(t.cache_write_5m) * p.cache_write_5m_per_mtok +
          static_cast<double>(t.cache_write_1h) * p.cache_write_1h_per_mtok +
          static_cast<double>(t.cache_read) * p.cache_read_per_mtok + static_cast<double>(t.output) * p.output_per_mtok) /
         1e6;
}

core::Result<PriceTable> PriceTable::builtin() { return parse(kBuiltinPrices, "built-in prices.json"); }

core::Result<PriceTable> PriceTable::parse(std::string_view text, const std::string& source) {
  auto bad = [&](const std::string& what) { return core::fail("cost.bad_price_table", source, what); };
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
  if (doc.value("format_version", 0) != kFormatVersion)
    return bad("format_version must be " + std::to_string(kFormatVersion));
  auto models = doc.find("models");
  if (models == doc.end() || !models->is_array()) return bad("'models' must be a list");
  PriceTable table;
  table.as_of_ = doc.value("as_of", "");
  for (std::size_t i = 0; i < models->size(); ++i) {
    const auto& m = (*models)[i];
    const std::string at = "models[" + std::to_string(i) + "]";
    if (!m.is_object() || !m.contains("provider") || !m["provider"].is_string() || !m.contains("model") ||
        !m["model"].is_string())
      return bad(at + ": needs string 'provider' and 'model'");
    ModelPrice p{m["provider"], m["model"]};
    for (auto [key, field] : {std::pair{"input_per_mtok", &p.input_per_mtok}, {"output_per_mtok", &p.output_per_mtok},
                              {"cache_write_5m_per_mtok", &p.cache_write_5m_per_mtok},
                              {"cache_write_1h_per_mtok", &p.cache_write_1h_per_mtok},
                              {"cache_read_per_mtok", &p.cache_read_per_mtok}}) {
      auto v = m.find(key);
      const bool required = std::string_view(key) == "input_per_mtok" || std::string_view(key) == "output_per_mtok";
      if (v == m.end()) {
        if (required) return bad(at + " (" + p.model + "): missing '" + key + "'");
        continue;
      }
      if (!v->is_number() || v->get<double>() < 0) return bad(at + " (" + p.model + "): '" + key + "' must be a number >= 0");
      *field = v->get<double>();
    }
    if (table.find(p.provider, p.model)) return bad(at + ": " + p.provider + "/" + p.model + " is listed twice");
    table.models_.push_back(std::move(p));
  }
  return table;
}

core::Result<PriceTable> PriceTable::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail("cost.io", path, "cannot read the price file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

void PriceTable::override_with(const PriceTable& user) {
  for (const auto& p : user.models_) {
    bool replaced = false;
    for (auto& mine : models_)
      if (mine.provider == p.provider && mine.model == p.model) {
        mine = p;
        replaced = true;
      }
    if (!replaced) models_.push_back(p);
  }
  if (!user.as_of_.empty()) as_of_ = user.as_of_;
}

const ModelPrice* PriceTable::find(std::string_view provider, std::string_view model) const {
  for (const auto& p : models_)
    if (p.provider == provider && p.model == model) return &p;
  return nullptr;
}

}  // namespace dq::cost

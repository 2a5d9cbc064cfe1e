#include "bot/cost/price_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "bot/cost/cost_errors.hpp"
#include "bot/cost/prices_data.hpp"

namespace dq::cost {
namespace {

using nlohmann::json;

struct PriceField {
  const char* key;
  double ModelPrice::*field;
};
constexpr std::array<PriceField, 5> kPriceFields{{
    {"input_per_mtok", &ModelPrice::input_per_mtok},
    {"output_per_mtok", &ModelPrice::output_per_mtok},
    {"cache_write_5m_per_mtok", &ModelPrice::cache_write_5m_per_mtok},
    {"cache_write_1h_per_mtok", &ModelPrice::cache_write_1h_per_mtok},
    {"cache_read_per_mtok", &ModelPrice::cache_read_per_mtok},
}};

bool is_price_key(const std::string& key) {
  for (const auto& f : kPriceFields)
    if (key == f.key) return true;
  return false;
}

// What is wrong with one entry of "models", or nullopt when it is fine.
std::optional<std::string> read_model(const json& m, const std::string& at, ModelPrice& out) {
  if (!m.is_object()) return at + ": expected an object";
  for (const auto& [key, value] : m.items()) {
    if (key != "provider" && key != "model" && key != "note" && !is_price_key(key))
      return at + ": unknown key '" + key + "'";
    if (key == "note" && !value.is_string()) return at + ".note: expected a string";
  }
  for (const char* key : {"provider", "model"}) {
    auto v = m.find(key);
    if (v == m.end()) return at + "." + key + ": missing";
    if (!v->is_string() || v->get_ref<const std::string&>().empty())
      return at + "." + key + ": expected a non-empty string";
  }
  out.provider = m["provider"].get<std::string>();
  out.model = m["model"].get<std::string>();
  const std::string named = at + " (" + out.provider + "/" + out.model + ")";
  for (const auto& f : kPriceFields) {
    auto v = m.find(f.key);
    if (v == m.end()) return named + "." + f.key + ": missing";
    if (!v->is_number()) return named + "." + f.key + ": expected a number";
    const double price = v->get<double>();
    if (!std::isfinite(price) || price < 0)
      return named + "." + f.key + ": must be a number >= 0, not " + v->dump();
    out.*f.field = price;
  }
  return std::nullopt;
}

}  // namespace

double cost_usd(const ModelPrice& p, const TokenCounts& t) {
  auto d = [](std::int64_t n) { return static_cast<double>(n); };
  return (d(t.input) * p.input_per_mtok + d(t.cache_write_5m) * p.cache_write_5m_per_mtok +
          d(t.cache_write_1h) * p.cache_write_1h_per_mtok + d(t.cache_read) * p.cache_read_per_mtok +
          d(t.output) * p.output_per_mtok) /
         1e6;
}

double worst_cost_usd(const ModelPrice& p, std::int64_t input_tokens, std::int64_t output_tokens) {
  const double input_rate = std::max(
      {p.input_per_mtok, p.cache_write_5m_per_mtok, p.cache_write_1h_per_mtok, p.cache_read_per_mtok});
  return (static_cast<double>(input_tokens) * input_rate +
          static_cast<double>(output_tokens) * p.output_per_mtok) /
         1e6;
}

core::Result<PriceTable> PriceTable::builtin() {
  return parse(kBuiltinPrices, "built-in bot/cost/prices.json");
}

core::Result<PriceTable> PriceTable::parse(std::string_view text, const std::string& source) {
  auto bad = [&](const std::string& what) { return core::fail(errc::bad_price_table, source, what); };
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    return bad(std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) return bad("expected a JSON object with format_version and models");
  for (const auto& [key, value] : doc.items()) {
    if (key != "format_version" && key != "as_of" && key != "source" && key != "models")
      return bad("unknown key '" + key + "'");
    if ((key == "as_of" || key == "source") && !value.is_string()) return bad(key + ": expected a string");
  }

  auto version = doc.find("format_version");
  if (version == doc.end()) return bad("format_version: missing");
  if (!version->is_number_integer()) return bad("format_version: expected an integer");
  if (version->get<std::int64_t>() != kFormatVersion)
    return bad("format_version " + version->dump() + " is not supported; this build reads format_version " +
               std::to_string(kFormatVersion));

  auto models = doc.find("models");
  if (models == doc.end()) return bad("models: missing");
  if (!models->is_array()) return bad("models: expected a list");

  PriceTable table;
  if (auto as_of = doc.find("as_of"); as_of != doc.end()) table.as_of_ = as_of->get<std::string>();
  for (std::size_t i = 0; i < models->size(); ++i) {
    const std::string at = "models[" + std::to_string(i) + "]";
    ModelPrice price;
    if (auto wrong = read_model((*models)[i], at, price)) return bad(*wrong);
    for (std::size_t j = 0; j < table.models_.size(); ++j)
      if (table.models_[j].provider == price.provider && table.models_[j].model == price.model)
        return bad(at + ": " + price.provider + "/" + price.model + " is listed twice (also models[" +
                   std::to_string(j) + "])");
    table.models_.push_back(std::move(price));
  }
  return table;
}

core::Result<PriceTable> PriceTable::load_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return core::fail(errc::io, path, "is a directory, not a price file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail(errc::io, path, "cannot open the price file for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return core::fail(errc::io, path, "error while reading the price file");
  return parse(text.str(), path);
}

void PriceTable::override_with(const PriceTable& user) {
  for (const auto& price : user.models_) {
    auto mine = std::find_if(models_.begin(), models_.end(), [&](const ModelPrice& p) {
      return p.provider == price.provider && p.model == price.model;
    });
    if (mine != models_.end())
      *mine = price;
    else
      models_.push_back(price);
  }
  if (!user.as_of_.empty()) as_of_ = user.as_of_;
}

const ModelPrice* PriceTable::find(std::string_view provider, std::string_view model) const {
  for (const auto& p : models_)
    if (p.provider == provider && p.model == model) return &p;
  return nullptr;
}

}  // namespace dq::cost

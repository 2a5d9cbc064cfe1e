#include "cli/harness/json_shape.hpp"

#include <nlohmann/json.hpp>

namespace dq::harness {
namespace {

bool has_type(const nlohmann::json& v, const std::string& type) {
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  return false;
}

std::string type_of(const nlohmann::json& v) {
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  return v.type_name();
}

std::string number_text(double d) {
  std::string s = std::to_string(d);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::vector<std::string> check_json_shape(const std::string& json_text,
                                          const std::vector<scenario::JsonField>& shape) {
  std::vector<std::string> problems;
  auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return {"the coach's answer is not valid JSON"};
  if (!doc.is_object())
    return {"the coach's answer is a JSON " + std::string(doc.type_name()) + ", not an object"};
  for (const auto& field : shape) {
    auto it = doc.find(field.name);
    if (it == doc.end()) {
      if (field.required) problems.push_back("missing field '" + field.name + "' (" + field.type + ")");
      continue;
    }
    const auto& v = *it;
    if (!has_type(v, field.type)) {
      problems.push_back("field '" + field.name + "' should be " + field.type + ", is " + type_of(v));
      continue;
    }
    if (v.is_number()) {
      const double d = v.get<double>();
      if (field.min && d < *field.min)
        problems.push_back("field '" + field.name + "' is " + number_text(d) + ", below min " +
                           number_text(*field.min));
      if (field.max && d > *field.max)
        problems.push_back("field '" + field.name + "' is " + number_text(d) + ", above max " +
                           number_text(*field.max));
    }
    if (v.is_array() && field.min_items && static_cast<int>(v.size()) < *field.min_items)
      problems.push_back("field '" + field.name + "' has " + std::to_string(v.size()) +
                         " items, needs at least " + std::to_string(*field.min_items));
  }
  return problems;
}

}  // namespace dq::harness

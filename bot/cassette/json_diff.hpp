#pragma once
// Where two JSON documents differ, path by path, for the cassette-miss message: a person reads which part of
// a request changed (a prompt, a parameter) and how, without diffing two files by hand.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dq::cassette {

struct JsonDifference {
  std::string path;  // dotted, with [i] for list items: "messages[2].content"; "" = root
  const nlohmann::json* recorded = nullptr;   // nullptr: absent on that side
  const nlohmann::json* requested = nullptr;  // nullptr: absent on that side
};

// Every leaf-level difference, objects by key (sorted), lists item by item. The pointers point into the two
// arguments, which must outlive the result.
std::vector<JsonDifference> json_differences(const nlohmann::json& recorded, const nlohmann::json& requested);

// Two lines: "- recorded:  …" and "+ requested: …", strings unquoted and excerpted to about 120 characters
// starting shortly before the first character where they differ (so a long prompt shows its change, not its
// unchanged beginning); other values as compact JSON; "(absent)" for a missing side.
std::string describe(const JsonDifference& difference, const std::string& indent = "");

}  // namespace dq::cassette

#include "cli/harness/json_shape.hpp"

#include <gtest/gtest.h>

namespace dq::harness {
namespace {

std::vector<scenario::JsonField> shape() {
  return {{"score", "integer", 0, 10, std::nullopt, true},
          {"strengths", "array", std::nullopt, std::nullopt, 1, true},
          {"advice", "string", std::nullopt, std::nullopt, std::nullopt, true},
          {"notes", "string", std::nullopt, std::nullopt, std::nullopt, false}};
}

TEST(JsonShape, AMatchingObjectHasNoProblems) {
  EXPECT_TRUE(check_json_shape(R"({"score": 7, "strengths": ["x"], "advice": "y"})", shape()).empty());
}

TEST(JsonShape, ReportsEveryMismatchOnce) {
  auto p = check_json_shape(R"({"score": 7.5, "strengths": [], "notes": 3})", shape());
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0], "field 'score' should be integer, is number");
  EXPECT_EQ(p[1], "field 'strengths' has 0 items, needs at least 1");
  EXPECT_EQ(p[2], "missing field 'advice' (string)");
  EXPECT_EQ(p[3], "field 'notes' should be string, is integer");
}

TEST(JsonShape, NumbersOutsideBoundsAndNonObjectsAreProblems) {
  EXPECT_EQ(check_json_shape(R"({"score": 11, "strengths": ["a"], "advice": ""})", shape()),
            std::vector<std::string>{"field 'score' is 11, above max 10"});
  EXPECT_EQ(check_json_shape("[1,2]", shape()),
            std::vector<std::string>{"the coach's answer is a JSON array, not an object"});
  EXPECT_EQ(check_json_shape("{oops", shape()),
            std::vector<std::string>{"the coach's answer is not valid JSON"});
}

}  // namespace
}  // namespace dq::harness

#pragma once
// The pipeline's error codes (docs/error-codes.md lists every library's; scripts/error-codes --check keeps
// that list true).

#include "bot/core/error.hpp"

namespace dq::pipeline::errc {

// the coach's answer holds no JSON object
inline constexpr core::ErrorCode coach_bad_json{"coach.bad_json"};
// the coach's JSON is not an object
inline constexpr core::ErrorCode coach_not_object{"coach.not_object"};
// the judge's answer is not {"score", "reasoning"} with a score on its scale
inline constexpr core::ErrorCode judge_bad_output{"judge.bad_output"};
// the simulated trainee's answer is not {"message", "status"}, twice in a row
inline constexpr core::ErrorCode trainee_bad_output{"trainee.bad_output"};

}  // namespace dq::pipeline::errc

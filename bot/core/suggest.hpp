#pragma once
// "Did you mean …?" for names people type: unknown keys, subcommands, models.

#include <string>
#include <string_view>
#include <vector>

namespace dq::core {

// Optimal string alignment distance (a transposition counts as one edit).
int edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `typed`, at most `max_edits` edits away (the first of equals), or "" when none is.
std::string closest(std::string_view typed, const std::vector<std::string>& candidates, int max_edits = 2);

// " (did you mean 'x'?)" for the closest candidate, or "".
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates,
                         int max_edits = 2);

}  // namespace dq::core

#pragma once
// UTF-8 well-formedness, for the readers of outside text (scenario files, users' messages).

#include <cstddef>
#include <string_view>

namespace dq::core {

// Length of the well-formed UTF-8 sequence starting at `s[i]`, or 0 if it is not one (Unicode 15, table 3-7:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

}  // namespace dq::core

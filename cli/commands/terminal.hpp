#pragma once
// Whether output gets colour: the environment and terminal decision that render::Style leaves to its caller.
// Colour only when the stream is a terminal and NO_COLOR is unset or empty (no-color.org).

#include "cli/render/style.hpp"

namespace dq::cli {

// The rule itself, a plain function of its inputs; `no_color` is getenv("NO_COLOR") (nullptr when unset).
bool colour_wanted(bool is_terminal, const char* no_color);

// The rule applied to file descriptor `fd` (isatty) and this process's environment.
render::Style terminal_style(int fd);

// The width of the terminal on `fd` in columns; 0 when it is not a terminal or does not say.
int terminal_columns(int fd);

}  // namespace dq::cli

#include "cli/commands/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace dq::cli {

bool colour_wanted(bool is_terminal, const char* no_color) {
  return is_terminal && (no_color == nullptr || *no_color == '\0');
}

render::Style terminal_style(int fd) {
  return render::Style{colour_wanted(isatty(fd) == 1, std::getenv("NO_COLOR"))};
}

int terminal_columns(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

}  // namespace dq::cli

#pragma once
// The live status line of `dealquest-test run` on a terminal: kept at the bottom, redrawn in place every
// `period` from `sample`, with the lines of finished scenarios scrolling above it. Disabled (no terminal,
// NO_COLOR, TERM=dumb, JSON output), it prints what it is given and nothing else: the output stays one line
// per scenario, as a file or a pipe expects.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <ostream>
#include <string_view>
#include <thread>

#include "cli/render/live_status.hpp"

namespace dq::cli {

// Whether `run` shows the live line: on a terminal, unless NO_COLOR is set and non-empty or TERM is "dumb"
// (the values of getenv, nullptr when unset).
bool live_status_wanted(bool is_terminal, const char* no_color, const char* term);

class StatusLine {
 public:
  // With `period` zero no thread redraws; redraw() does it (tests). `columns`: the terminal's width (0:
  // unknown); a longer line is cut to fit, since a line that wraps could not be redrawn in place.
  StatusLine(std::ostream& out, bool enabled, std::function<render::LiveCounts()> sample,
             std::chrono::milliseconds period = std::chrono::milliseconds(200), int columns = 0);
  ~StatusLine();  // stop()
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  // Writes `text` (whole lines) to `stream` above the status line, then draws the line again.
  void print_above(std::ostream& stream, std::string_view text);
  void redraw();
  // Stops redrawing and clears the line, so what follows starts on a clean line. Idempotent.
  void stop();

 private:
  void draw_locked();
  void clear_locked();

  std::ostream& out_;
  const bool enabled_;
  const std::function<render::LiveCounts()> sample_;
  const int columns_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool drawn_ = false;
  std::thread redrawer_;
};

}  // namespace dq::cli

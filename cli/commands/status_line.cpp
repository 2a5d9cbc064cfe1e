#include "cli/commands/status_line.hpp"

#include <string>

namespace dq::cli {
namespace {

// Carriage return, then erase to the end of the line (ECMA-48 EL): the cursor stays on the status line.
constexpr std::string_view kClearLine = "\r\033[K";

// The first `columns` characters of UTF-8 `text` (all of it when `columns` is 0).
std::string fit(std::string text, int columns) {
  if (columns <= 0) return text;
  int seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (seen++ == columns) return text.substr(0, i);
  }
  return text;
}

}  // namespace

bool live_status_wanted(bool is_terminal, const char* no_color, const char* term) {
  if (!is_terminal) return false;
  if (no_color != nullptr && *no_color != '\0') return false;
  return term == nullptr || std::string_view(term) != "dumb";
}

StatusLine::StatusLine(std::ostream& out, bool enabled, std::function<render::LiveCounts()> sample,
                       std::chrono::milliseconds period, int columns)
    : out_(out), enabled_(enabled), sample_(std::move(sample)), columns_(columns) {
  if (!enabled_ || period.count() <= 0) return;
  redrawer_ = std::thread([this, period] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      draw_locked();
      wake_.wait_for(lock, period, [this] { return stopping_; });
    }
  });
}

StatusLine::~StatusLine() {
  stop();
}

void StatusLine::print_above(std::ostream& stream, std::string_view text) {
  std::lock_guard lock(mutex_);
  if (!enabled_ || stopping_) {
    stream << text << std::flush;
    return;
  }
  clear_locked();
  if (&stream != &out_) out_ << std::flush;
  stream << text << std::flush;
  draw_locked();
}

void StatusLine::redraw() {
  std::lock_guard lock(mutex_);
  if (enabled_ && !stopping_) draw_locked();
}

void StatusLine::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    if (enabled_) clear_locked();
  }
  wake_.notify_all();
  if (redrawer_.joinable()) redrawer_.join();
}

void StatusLine::draw_locked() {
  // One column short of the width: a line that fills the last column leaves some terminals wrapping.
  out_ << kClearLine << fit(render::live_status_line(sample_()), columns_ > 1 ? columns_ - 1 : 0)
       << std::flush;
  drawn_ = true;
}

void StatusLine::clear_locked() {
  if (!drawn_) return;
  out_ << kClearLine << std::flush;
  drawn_ = false;
}

}  // namespace dq::cli

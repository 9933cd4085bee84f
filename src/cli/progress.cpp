#include "progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace certbund::cli {

namespace {

// The terminal's width in columns; 80 when it does not say.
std::size_t columns() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

std::string rate(std::size_t done, std::chrono::steady_clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  if (seconds < 0.5) return "";
  char text[32];
  std::snprintf(text, sizeof text, " (%.1f/s)", static_cast<double>(done) / seconds);
  return text;
}

}  // namespace

Progress& Progress::line() {
  static Progress progress;
  return progress;
}

Progress::Progress() : terminal_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::show(const std::string& what, std::size_t done, std::size_t total, const std::string& detail) {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  const bool first = last_ == start_;
  if (!first && done != total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::string text = "certbund: " + what + " " + std::to_string(done) + (total > 0 ? "/" + std::to_string(total) : "") +
                     rate(done, now - start_) + (detail.empty() ? "" : ": " + detail);
  // One column short of the width: a line that fills it wraps on some terminals.
  const std::size_t width = columns() - 1;
  if (text.size() > width) text.resize(width);
  std::cerr << "\r\033[K" << text << std::flush;
  drawn_ = true;
}

std::string mail_counts(const IngestTotals& t) {
  return std::to_string(t.verified) + " verified, " + std::to_string(t.rejected) + " not verified, " +
         counted(t.review, "needs review", "need review") + ", " + std::to_string(t.duplicates) + " already stored";
}

void Progress::clear() {
  if (!drawn_) return;
  std::cerr << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace certbund::cli

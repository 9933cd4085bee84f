#pragma once
// One progress line on standard error for long runs (ingest, poll,
// reparse, notify), redrawn in place with a carriage return, only when
// standard error is a terminal; log lines clear it first. Hand-written:
// Debian 12 has no C++ progress library (only Rust's indicatif, Go's and
// R's Rcpp one); this is one \r line cut to the terminal's width.

#include <chrono>
#include <cstddef>
#include <string>

#include "certbund/pipeline.hpp"

namespace certbund::cli {

class Progress {
 public:
  // The process's one line.
  static Progress& line();

  // Draws "certbund: WHAT DONE/TOTAL (N/s): DETAIL" (no "/TOTAL" when
  // `total` is 0: unknown), at most ten times a second unless `done`
  // reached `total`. Nothing when stderr is not a terminal.
  void show(const std::string& what, std::size_t done, std::size_t total, const std::string& detail = "");
  // Erases the line, if one is drawn: before any log line, and at the end
  // (at exit at the latest).
  void clear();
  ~Progress() { clear(); }

 private:
  Progress();
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// "12 verified, 1 not verified, 0 need review, 3 already stored": the
// verdict counts of an ingest so far, for its progress line.
std::string mail_counts(const IngestTotals& t);

}  // namespace certbund::cli

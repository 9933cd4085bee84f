// Design: the parser reads what a row says; whether it can be true
// depends on when the mail arrived, which only the caller knows.

#include "certbund/report.hpp"

namespace certbund {

namespace {

// A problem line for `row`, empty if it can be true.
std::string doubt(const Row& row, const Plausibility& p) {
  if (row.timestamp && *row.timestamp > p.received + p.clock_skew) {
    return row.ip.to_string() + ": scanned " + format_iso8601(*row.timestamp) + ", after the mail arrived (" +
           format_iso8601(p.received) + ") plus limits.clock_skew";
  }
  if (row.timestamp && *row.timestamp < earliest_scan) {
    return row.ip.to_string() + ": scanned " + format_iso8601(*row.timestamp) + ", before 1990";
  }
  if (row.port && *row.port == 0) return row.ip.to_string() + ": port 0 cannot be scanned";
  return "";
}

}  // namespace

void hold_unbelievable(Report& report, const Plausibility& p) {
  for (const Row& row : report.rows) {
    if (std::string why = doubt(row, p); !why.empty()) report.problems.push_back(std::move(why));
  }
  if (!report.problems.empty()) report.status = ReportStatus::needs_review;
}

}  // namespace certbund

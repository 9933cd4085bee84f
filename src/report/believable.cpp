// Design: the parser reads what a row says; whether it can be true
// depends on when the mail arrived, which only the caller knows.

#include "detail.hpp"

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

// The cell of `row` under column `title`, as a person would write it again.
std::string cell_of(const Row& row, const std::string& title) {
  for (const auto& [name, value] : row.extra) {
    if (name == title) return value.value_or("");
  }
  switch (report_detail::role_of(title)) {
    case report_detail::Role::asn: return row.asn ? std::to_string(*row.asn) : "";
    case report_detail::Role::ip: return row.ip.to_string();
    case report_detail::Role::timestamp: return row.timestamp ? format_iso8601(*row.timestamp) : "";
    case report_detail::Role::port: return row.port ? std::to_string(*row.port) : "";
    case report_detail::Role::extra: break;
  }
  return "";
}

std::string row_line(const Report& report, const Row& row) {
  std::string line;
  for (const std::string& title : report.columns) {
    std::string cell = cell_of(row, title);
    std::string quoted;
    for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    line += (line.empty() ? "\"" : ",\"") + quoted + "\"";
  }
  return line;
}

}  // namespace

// In place: a million believed rows are not copied into a second vector.
void hold_unbelievable(Report& report, const Plausibility& p) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < report.rows.size(); ++i) {
    Row& row = report.rows[i];
    std::string why = doubt(row, p);
    if (why.empty()) {
      if (kept != i) report.rows[kept] = std::move(row);
      ++kept;
      continue;
    }
    report.problems.push_back(why);
    report.held.push_back({std::move(why), row_line(report, row)});
  }
  report.rows.erase(report.rows.begin() + static_cast<std::ptrdiff_t>(kept), report.rows.end());
  if (!report.problems.empty()) report.status = ReportStatus::needs_review;
}

}  // namespace certbund

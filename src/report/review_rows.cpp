// parse_rows: the rows a person supplies for a report that needs review,
// read by the same table and cell readers as a report's CSV.

#include "detail.hpp"

namespace certbund {

using namespace report_detail;

// Blank lines are dropped: the table reader stops at the first one, and
// in a file a person wrote it would hide the rows below it.
Report parse_rows(std::string_view csv) {
  Report report;
  std::vector<std::string_view> lines;
  for (std::string_view line : clean_lines(csv)) {
    if (!trim_view(line).empty()) lines.push_back(line);
  }
  if (lines.empty()) {
    report.problems.push_back("no table: the file is empty");
  } else {
    add_table(read_delimited(join_from(lines, 0), guess_delimiter(lines[0])), report);
  }
  report.status = report.problems.empty() ? ReportStatus::parsed : ReportStatus::needs_review;
  return report;
}

}  // namespace certbund

// The legacy table (2014-2017): "Format: ASN | IP address | ...", then one
// row per line with " | " between padded cells.

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

std::vector<std::string> cells(std::string_view line) {
  std::vector<std::string> out = split(line, '|');
  for (std::string& cell : out) cell = trim(cell);
  return out;
}

// The closing greeting or a signature separator ends the table.
bool ends_table(std::string_view line) {
  return line.empty() || starts_with_ci(line, "Mit freundlichen Gr") || line == "--" || line.starts_with("-----");
}

}  // namespace

Table read_pipe_table(const std::vector<std::string_view>& lines, std::size_t at) {
  Table table;
  std::string_view header = trim_view(undecorate(lines[at]));
  table.columns = cells(header.substr(header.find(':') + 1));
  std::size_t i = at + 1;
  while (i < lines.size() && trim_view(undecorate(lines[i])).empty()) ++i;
  for (; i < lines.size(); ++i) {
    std::string_view line = trim_view(undecorate(lines[i]));
    if (ends_table(line)) break;
    table.rows.push_back(cells(line));
  }
  return table;
}

}  // namespace certbund::report_detail

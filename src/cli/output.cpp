#include "output.hpp"

#include "certbund/util.hpp"

#include <algorithm>
#include <ostream>

#include "certbund/util.hpp"

namespace certbund::cli {

namespace {

void print_row(std::ostream& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) line += std::string(widths[i] - display_width(cells[i]) + 2, ' ');
  }
  out << line << '\n';
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Cells come from mail: no control or bidi override reaches the terminal.
Table escaped(const Table& table) {
  Table out{{}, {}};
  for (const std::string& h : table.headers) out.headers.push_back(escape_controls(h));
  for (const auto& row : table.rows) {
    auto& cells = out.rows.emplace_back();
    for (const std::string& cell : row) cells.push_back(escape_controls(cell));
  }
  return out;
}

void print_escaped_table(std::ostream& out, const Table& table) {
  std::vector<std::size_t> widths(table.headers.size());
  for (std::size_t i = 0; i < widths.size(); ++i) widths[i] = display_width(table.headers[i]);
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  print_row(out, table.headers, widths);
  std::vector<std::string> rule;
  for (std::size_t w : widths) rule.emplace_back(w, '-');
  print_row(out, rule, widths);
  for (const auto& row : table.rows) print_row(out, row, widths);
}

}  // namespace

void print_table(std::ostream& out, const Table& table) { print_escaped_table(out, escaped(table)); }

void print_csv(std::ostream& out, const Table& raw) {
  Table table = escaped(raw);
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csv_cell(cells[i]);
    out << "\r\n";
  };
  line(table.headers);
  for (const auto& row : table.rows) line(row);
}

}  // namespace certbund::cli

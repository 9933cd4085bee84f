#include "output.hpp"

#include <algorithm>
#include <ostream>

#include "certbund/util.hpp"

namespace certbund::cli {

namespace {

void print_row(std::ostream& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) {
      const std::size_t w = display_width(cells[i]);
      line.append(std::max(widths[i], w) - w + 2, ' ');
    }
  }
  line += '\n';
  out << line;
}

void append_csv_cell(std::string& line, const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    line += s;
    return;
  }
  line += '"';
  for (char c : s) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

// Cells come from mail: no control or bidi override reaches the terminal.
std::vector<std::string> escaped(const std::vector<std::string>& cells) {
  std::vector<std::string> out;
  out.reserve(cells.size());
  for (const std::string& cell : cells) out.push_back(escape_controls(cell));
  return out;
}

}  // namespace

TableWriter::TableWriter(std::ostream& out, const std::vector<std::string>& headers)
    : out_(out), headers_(escaped(headers)), widths_(headers_.size()) {
  for (std::size_t i = 0; i < widths_.size(); ++i) widths_[i] = display_width(headers_[i]);
}

void TableWriter::widen(const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size() && i < widths_.size(); ++i) {
    widths_[i] = std::max(widths_[i], display_width(escape_controls(cells[i])));
  }
}

void TableWriter::start() {
  print_row(out_, headers_, widths_);
  std::vector<std::string> rule;
  for (std::size_t w : widths_) rule.emplace_back(w, '-');
  print_row(out_, rule, widths_);
}

void TableWriter::row(const std::vector<std::string>& cells) { print_row(out_, escaped(cells), widths_); }

void print_table(std::ostream& out, const Table& table) {
  TableWriter writer(out, table.headers);
  for (const auto& row : table.rows) writer.widen(row);
  writer.start();
  for (const auto& row : table.rows) writer.row(row);
}

void print_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    append_csv_cell(line, escape_controls(cells[i]));
  }
  line += "\r\n";
  out << line;
}

void print_csv(std::ostream& out, const Table& table) {
  print_csv_row(out, table.headers);
  for (const auto& row : table.rows) print_csv_row(out, row);
}

}  // namespace certbund::cli

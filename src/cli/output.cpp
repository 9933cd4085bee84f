#include "output.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>

#include "certbund/util.hpp"

namespace certbund::cli {

namespace {

// The escaped cell: printable ASCII as it is, without a copy.
std::string_view shown(const std::string& cell, std::string& scratch) {
  if (plain_ascii(cell)) return cell;
  scratch = escape_controls(cell);
  return scratch;
}

// `cells` (escaped) padded to `widths`, two blanks apart, appended to `line`.
template <class Cells>
void append_row(std::string& line, const Cells& cells, const std::vector<std::size_t>& widths) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) {
      const std::size_t w = display_width(cells[i]);
      line.append(std::max(widths[i], w) - w + 2, ' ');
    }
  }
  line += '\n';
}

void print_row(std::ostream& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  append_row(line, cells, widths);
  out << line;
}

void widen(std::vector<std::size_t>& widths, const std::vector<std::string>& escaped_cells) {
  for (std::size_t i = 0; i < escaped_cells.size() && i < widths.size(); ++i) {
    widths[i] = std::max(widths[i], display_width(escaped_cells[i]));
  }
}

void print_head(std::ostream& out, const std::vector<std::string>& headers, const std::vector<std::size_t>& widths) {
  print_row(out, headers, widths);
  std::vector<std::string> rule;
  for (std::size_t w : widths) rule.emplace_back(w, '-');
  print_row(out, rule, widths);
}

// Whether RFC 4180 quotes `s`. A loop, not find_first_of: libstdc++'s
// calls memchr on the four characters for every character of the cell
// (a seventh of a CSV list of a million incidents).
bool needs_quotes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
}

void append_csv_cell(std::string& line, std::string_view s) {
  if (!needs_quotes(s)) {
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

std::string time_text(const std::optional<UnixTime>& t) { return t ? format_iso8601(*t) : ""; }

void print_table(std::ostream& out, const Table& table) {
  const std::vector<std::string> headers = escaped(table.headers);
  std::vector<std::size_t> widths(headers.size());
  widen(widths, headers);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    rows.push_back(escaped(row));
    widen(widths, rows.back());
  }
  print_head(out, headers, widths);
  for (const auto& row : rows) print_row(out, row, widths);
}

namespace {
constexpr std::size_t k_kept_bytes = 1 << 20;  // rows held in memory before they go to a file
constexpr char k_cell_end = '\x1f';            // escaped cells hold no control character
}  // namespace

SpooledTable::SpooledTable(std::ostream& out, const std::vector<std::string>& headers)
    : out_(out), headers_(escaped(headers)), widths_(headers_.size()) {
  widen(widths_, headers_);
}

SpooledTable::~SpooledTable() {
  if (file_) std::fclose(file_);
}

void SpooledTable::add(const std::vector<std::string>& cells) {
  std::string scratch;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string_view cell = shown(cells[i], scratch);
    if (i < widths_.size()) widths_[i] = std::max(widths_[i], display_width(cell));
    kept_ += cell;
    kept_ += k_cell_end;
  }
  kept_ += '\n';
  if (kept_.size() >= k_kept_bytes) spill();
}

void SpooledTable::spill() {
  if (!file_) file_ = std::tmpfile();
  if (!file_ || std::fwrite(kept_.data(), 1, kept_.size(), file_) != kept_.size()) {
    throw Failure(Exit::io, "table: cannot keep the rows in a temporary file (" + std::string(std::strerror(errno)) +
                                "); use --format csv");
  }
  kept_.clear();
}

void SpooledTable::print_rows(std::string_view rows) {
  std::vector<std::string_view> cells;
  std::string block;
  while (!rows.empty()) {
    const std::size_t end = rows.find('\n');
    std::string_view row = rows.substr(0, end);
    rows.remove_prefix(end + 1);
    cells.clear();
    for (std::size_t at; (at = row.find(k_cell_end)) != std::string_view::npos; row.remove_prefix(at + 1)) {
      cells.push_back(row.substr(0, at));
    }
    append_row(block, cells, widths_);
    if (block.size() >= 1 << 16) {
      out_ << block;
      block.clear();
    }
  }
  out_ << block;
}

void SpooledTable::finish() {
  print_head(out_, headers_, widths_);
  if (!file_) {
    print_rows(kept_);
    kept_.clear();
    return;
  }
  spill();
  std::rewind(file_);
  std::string chunk(k_kept_bytes, '\0');
  std::string carry;  // a row cut at the end of a chunk
  for (std::size_t n; (n = std::fread(chunk.data(), 1, chunk.size(), file_)) > 0;) {
    carry.append(chunk, 0, n);
    const std::size_t whole = carry.rfind('\n') + 1;  // 0 when no row is whole yet
    print_rows(std::string_view(carry).substr(0, whole));
    carry.erase(0, whole);
  }
  if (std::ferror(file_)) {
    throw Failure(Exit::io, "table: cannot read the rows back from the temporary file; use --format csv");
  }
}

void append_csv_row(std::string& out, const std::vector<std::string>& cells) {
  std::string scratch;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_csv_cell(out, shown(cells[i], scratch));
  }
  out += "\r\n";
}

void print_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
  std::string line;
  append_csv_row(line, cells);
  out << line;
}

void print_csv(std::ostream& out, const Table& table) {
  print_csv_row(out, table.headers);
  for (const auto& row : table.rows) print_csv_row(out, row);
}

}  // namespace certbund::cli

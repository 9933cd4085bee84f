// RFC 4180 reader for the CSV of CB-Report mails and events.csv, also
// used for the ;- and tab-separated blocks of manual tickets. Hand-written
// scanning: one pass, no regex, hundreds of rows per mail.

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

// `s` without ASCII whitespace at either end, as trim() cuts it.
std::string_view trimmed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

bool DelimitedRecords::next(std::vector<std::string>& cells) {
  if (at_end() || text_[pos_] == '\n') return false;
  std::size_t n = 0;
  for (;;) {
    if (n == cells.size()) cells.emplace_back();
    cell(cells[n++]);  // reuses the string a former record left there
    if (at_end() || text_[pos_] == '\n') break;
    ++pos_;  // the separator
  }
  cells.resize(n);
  if (!at_end()) ++pos_;  // the newline
  return true;
}

void DelimitedRecords::cell(std::string& value) {
  value.clear();
  while (!at_end() && text_[pos_] == ' ') ++pos_;
  if (!at_end() && text_[pos_] == '"') return quoted(value);
  std::size_t start = pos_;
  while (!at_cell_end()) ++pos_;
  value.append(trimmed(text_.substr(start, pos_ - start)));
}

void DelimitedRecords::quoted(std::string& value) {
  ++pos_;
  for (;;) {
    std::size_t close = text_.find('"', pos_);
    if (close == std::string_view::npos) {
      unterminated_ = true;
      value.append(text_.substr(pos_));
      pos_ = text_.size();
      return;
    }
    value.append(text_.substr(pos_, close - pos_));
    pos_ = close + 1;
    if (at_end() || text_[pos_] != '"') break;
    value.push_back('"');  // a doubled quote
    ++pos_;
  }
  // Tolerate stray text after the closing quote: keep it.
  std::size_t start = pos_;
  while (!at_cell_end()) ++pos_;
  value.append(trimmed(text_.substr(start, pos_ - start)));
}

std::string unterminated_problem(std::size_t rows) {
  return "row " + std::to_string(rows) + ": a quoted value is not closed before the end of the text";
}

Table read_delimited(std::string_view text, char sep) {
  Table table;
  DelimitedRecords records(text, sep);
  std::vector<std::string> cells;
  if (records.next(cells)) table.columns = cells;
  while (records.next(cells)) table.rows.push_back(cells);
  if (records.unterminated()) table.problems.push_back(unterminated_problem(table.rows.size()));
  return table;
}

char guess_delimiter(std::string_view header_line) {
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : header_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (tabs > commas && tabs >= semicolons) return '\t';
  return semicolons > commas ? ';' : ',';
}

}  // namespace certbund::report_detail

// RFC 4180 reader for the CSV of CB-Report mails and events.csv, also
// used for the ;- and tab-separated blocks of manual tickets. Hand-written
// scanning: one pass, no regex, hundreds of rows per mail.

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

// A cursor over the text that reads one record at a time.
class Records {
 public:
  Records(std::string_view text, char sep) : text_(text), sep_(sep) {}

  // The next record; nullopt at the end or at a blank line.
  std::optional<std::vector<std::string>> next() {
    if (at_end() || text_[pos_] == '\n') return std::nullopt;
    std::vector<std::string> cells;
    for (;;) {
      cells.push_back(cell());
      if (at_end() || text_[pos_] == '\n') break;
      ++pos_;  // the separator
    }
    if (!at_end()) ++pos_;  // the newline
    return cells;
  }

  bool unterminated() const { return unterminated_; }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  bool at_cell_end() const { return at_end() || text_[pos_] == sep_ || text_[pos_] == '\n'; }

  std::string cell() {
    while (!at_end() && text_[pos_] == ' ') ++pos_;
    if (!at_end() && text_[pos_] == '"') return quoted();
    std::size_t start = pos_;
    while (!at_cell_end()) ++pos_;
    return trim(text_.substr(start, pos_ - start));
  }

  std::string quoted() {
    std::string value;
    ++pos_;
    for (;;) {
      std::size_t close = text_.find('"', pos_);
      if (close == std::string_view::npos) {
        unterminated_ = true;
        value.append(text_.substr(pos_));
        pos_ = text_.size();
        return value;
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
    value.append(trim(text_.substr(start, pos_ - start)));
    return value;
  }

  std::string_view text_;
  char sep_;
  std::size_t pos_ = 0;
  bool unterminated_ = false;
};

}  // namespace

Table read_delimited(std::string_view text, char sep) {
  Table table;
  Records records(text, sep);
  if (auto header = records.next()) table.columns = std::move(*header);
  while (auto row = records.next()) table.rows.push_back(std::move(*row));
  if (records.unterminated()) {
    table.problems.push_back("row " + std::to_string(table.rows.size()) +
                             ": a quoted value is not closed before the end of the text");
  }
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

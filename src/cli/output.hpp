#pragma once
// Tables on the terminal, CSV for spreadsheets; JSON is built per command.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "certbund/states.hpp"

namespace certbund::cli {

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

// A state's name (certbund/states.hpp) for output; "" when not set yet.
template <class State>
std::string text(State s) {
  return std::string(to_string(s));
}
template <class State>
std::string text(const std::optional<State>& s) {
  return s ? text(*s) : std::string();
}

// Columns padded to their widest cell; a line of dashes under the header.
// Both formats show control characters and bidi overrides in cells
// escaped (escape_controls): cells come from mail.
void print_table(std::ostream& out, const Table& table);
// RFC 4180: quoted where needed, CRLF line ends.
void print_csv(std::ostream& out, const Table& table);
// One line of print_csv: `cells` escaped, quoted where needed, CRLF.
void print_csv_row(std::ostream& out, const std::vector<std::string>& cells);

// print_table one row at a time, for lists too long to hold: every row is
// shown to widen() first, then start() prints the header and the rule and
// row() each row as it comes. A row wider than it was shown (the list
// changed in between) stays aligned to its own width.
class TableWriter {
 public:
  TableWriter(std::ostream& out, const std::vector<std::string>& headers);
  void widen(const std::vector<std::string>& cells);
  void start();
  void row(const std::vector<std::string>& cells);

 private:
  std::ostream& out_;
  std::vector<std::string> headers_;
  std::vector<std::size_t> widths_;
};

}  // namespace certbund::cli

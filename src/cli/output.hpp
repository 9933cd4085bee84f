#pragma once
// Tables on the terminal, CSV for spreadsheets; JSON is built per command.

#include <cstdio>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/states.hpp"
#include "certbund/util.hpp"

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

// A time in a table or CSV cell: ISO 8601 UTC, "" when not set.
std::string time_text(const std::optional<UnixTime>& t);

// Columns padded to their widest cell; a line of dashes under the header.
// Both formats show control characters and bidi overrides in cells
// escaped (escape_controls): cells come from mail.
void print_table(std::ostream& out, const Table& table);
// RFC 4180: quoted where needed, CRLF line ends.
void print_csv(std::ostream& out, const Table& table);
// One line of print_csv: `cells` escaped, quoted where needed, CRLF.
void print_csv_row(std::ostream& out, const std::vector<std::string>& cells);
// The same line appended to `out`, for lists that write in blocks.
void append_csv_row(std::string& out, const std::vector<std::string>& cells);

// print_table for lists too long to hold, read once: add() each row
// (beyond a few thousand, the rows wait in an unnamed temporary file
// while the columns widen), then finish() prints them all. Failure
// (Exit::io) when no temporary file can be written or read back.
class SpooledTable {
 public:
  SpooledTable(std::ostream& out, const std::vector<std::string>& headers);
  ~SpooledTable();
  SpooledTable(const SpooledTable&) = delete;
  SpooledTable& operator=(const SpooledTable&) = delete;
  void add(const std::vector<std::string>& cells);
  void finish();

 private:
  void spill();
  void flush_block();
  // Prints the whole rows at the start of `rows` (spooled as add() keeps
  // them); the bytes they took.
  std::size_t print_rows(std::string_view rows);
  std::ostream& out_;
  std::vector<std::string> headers_;
  std::vector<std::size_t> widths_;
  std::string kept_;  // rows not yet in the file, as output.cpp spools them
  struct Shown {
    std::string_view text;  // the cell escaped
    std::size_t width;      // display_width(text)
  };
  std::vector<Shown> shown_;          // add()'s cells
  std::vector<std::string> escaped_;  // add()'s cells that needed escaping
  std::string block_;                 // printed rows not yet written
  std::FILE* file_ = nullptr;
};

}  // namespace certbund::cli

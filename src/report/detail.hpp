#pragma once
// Internals of the report stage, shared between its source files only.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/report.hpp"

namespace certbund::report_detail {

// --- subject.cpp: ticket tag, topic and scope ---

struct Heading {
  std::string ticket;  // text inside the brackets, empty if none
  bool critical = false;
  std::string topic;
  std::string scope;
};

// Finds "[CB-Report#YYYYMMDD-NNNNNNNN]" or "[CERT-Bund#" + 16 digits + "]"
// anywhere in `line`; the topic is the text after the tags.
std::optional<Heading> read_heading(std::string_view line);
// `subject` without leading "Fwd:", "AW:", ... and "[...]" tags.
std::string strip_subject_prefixes(std::string_view subject);
// Moves the last " in AS<n>" / " in Netzbereich <CIDR>" / " in network
// <CIDR>" / " in country XX" into `scope`; the topic is what comes before
// it. Text after the scope ("(Prüfung)", "- Erinnerung") is neither.
void split_scope(Heading& heading);

// --- lines.cpp: the body as lines ---

// Lines without terminators, BOM and trailing whitespace; views into `text`.
std::vector<std::string_view> clean_lines(std::string_view text);
std::string_view trim_view(std::string_view s);
// `line` without a clearsign dash escape ("- ") or mail quoting ("> ").
std::string_view undecorate(std::string_view line);
// Undecorated lines [from, end) joined with LF.
std::string join_from(const std::vector<std::string_view>& lines, std::size_t from);
// The same text as join_from(lines, from), but a view into `text` (the
// text `lines` are views of) when its lines there are already undecorated
// and LF-terminated, as a million-row CSV is: no copy of it. Else the
// joined copy, kept in `storage`.
std::string_view joined_from(std::string_view text, const std::vector<std::string_view>& lines, std::size_t from,
                             std::string& storage);

// --- table readers ---

// Cells as read; an empty string is an empty cell.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> problems;
};

// RFC 4180 records separated by `sep`, header first, up to the first blank
// line: quoted values may hold `sep`, doubled quotes and newlines.
Table read_delimited(std::string_view text, char sep);
// The same records one at a time, so that a table of a million rows is
// never held as cells: next() fills `cells` with the next record (header
// first) and is false at the end or at a blank line.
class DelimitedRecords {
 public:
  DelimitedRecords(std::string_view text, char sep) : text_(text), sep_(sep) {}
  bool next(std::vector<std::string>& cells);
  // A quoted value ran to the end of the text.
  bool unterminated() const { return unterminated_; }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  bool at_cell_end() const { return at_end() || text_[pos_] == sep_ || text_[pos_] == '\n'; }
  void cell(std::string& value);
  void quoted(std::string& value);

  std::string_view text_;
  char sep_;
  std::size_t pos_ = 0;
  bool unterminated_ = false;
};
// The problem line of a quoted value not closed after `rows` rows.
std::string unterminated_problem(std::size_t rows);
// The delimiter the header line uses most: ',', ';' or tab.
char guess_delimiter(std::string_view header_line);
// Legacy table: "Format: A | B | C" at lines[at], rows below it.
Table read_pipe_table(const std::vector<std::string_view>& lines, std::size_t at);

// --- locate.cpp: where the data is ---

enum class Layout { none, pipe, delimited };

struct Location {
  Layout layout = Layout::none;
  std::size_t line = 0;       // first line of the table (header / Format:)
  std::size_t text_end = 0;   // lines before this are the explanation
  bool after_marker = false;  // found below "Betroffene Systeme ..."
};

Location locate_table(const std::vector<std::string_view>& lines);

// --- columns.cpp and rows.cpp: cells to Rows ---

enum class Role { asn, ip, timestamp, port, extra };
Role role_of(std::string_view title);

// Appends columns, rows and problems of `table` to `report`.
void add_table(const Table& table, Report& report);
// The same for a delimited table read from `text` record by record.
void add_delimited(std::string_view text, char sep, Report& report);

// --- report_class.cpp ---

// True when `lower_text` has no letter or digit right before `at` (UTF-8
// bytes of umlauts count as letters).
bool has_word_prefix(std::string_view lower_text, std::size_t at);

// --- ip.cpp ---

// The IPv4/IPv6 address in a cell: spaces around and brackets allowed.
std::optional<IpAddress> cell_ip(std::string_view text);
// Distinct addresses found in free text, in order of appearance.
std::vector<IpAddress> ips_in_prose(std::string_view text);

}  // namespace certbund::report_detail

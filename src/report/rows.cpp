// Cells to Rows: ip, asn, timestamp and port checked and normalised; any
// cell that cannot be read makes a problem line naming its row.

#include <algorithm>
#include <charconv>

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

// The role of each column; a second column with a role taken is extra.
struct ColumnMap {
  std::vector<Role> roles;
  bool has(Role role) const {
    for (Role r : roles) {
      if (r == role) return true;
    }
    return false;
  }
};

ColumnMap map_columns(const std::vector<std::string>& columns) {
  ColumnMap map;
  for (const std::string& title : columns) {
    Role role = role_of(title);
    map.roles.push_back(role != Role::extra && map.has(role) ? Role::extra : role);
  }
  return map;
}

template <class Int>
std::optional<Int> number(std::string_view s, Int max) {
  Int value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || value < 0 || value > max) return std::nullopt;
  return value;
}

std::optional<std::int64_t> read_asn(std::string_view s) {
  if (starts_with_ci(s, "AS")) s.remove_prefix(2);
  return number<std::int64_t>(s, 4294967295LL);
}

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Reads `cell` into `row` by `role`; returns a problem text, empty if none
// (an ip cell without a problem set row.ip).
std::string read_cell(Role role, const std::string& cell, Row& row) {
  if (cell.empty()) return role == Role::ip ? "no IP address" : (role == Role::timestamp ? "no timestamp" : "");
  switch (role) {
    case Role::ip:
      if (auto ip = cell_ip(cell)) {
        row.ip = *ip;
        return "";
      }
      return quote(cell) + " is not an IP address";
    case Role::asn: row.asn = read_asn(cell); return row.asn ? "" : quote(cell) + " is not an AS number";
    case Role::timestamp: {
      auto t = read_timestamp(cell);
      if (t) row.timestamp = *t;
      return t ? "" : quote(cell) + ": " + t.error();
    }
    case Role::port: row.port = number<int>(cell, 65535); return row.port ? "" : quote(cell) + " is not a port";
    case Role::extra: break;
  }
  return "";
}

// The row as read; `problems` gets what of it cannot be read (then the
// row is held, not used).
Row read_row(const ColumnMap& map, const std::vector<std::string>& columns, const std::vector<std::string>& cells,
             std::vector<std::string>& problems) {
  Row row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (map.roles[i] == Role::extra) {
      row.extra.emplace_back(columns[i], cells[i].empty() ? std::nullopt : std::optional(cells[i]));
      continue;
    }
    std::string problem = read_cell(map.roles[i], cells[i], row);
    if (!problem.empty()) problems.push_back(std::move(problem));
  }
  return row;
}

// "a","b ""c""": cells as CERT-Bund's CSV writes them.
std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (const std::string& cell : cells) {
    if (!line.empty()) line += ',';
    line += '"';
    for (char c : cell) line += c == '"' ? std::string("\"\"") : std::string(1, c);
    line += '"';
  }
  return line;
}

void hold(Report& report, std::string why, const std::vector<std::string>& cells) {
  report.problems.push_back(why);
  report.held.push_back({std::move(why), csv_line(cells)});
}

}  // namespace

namespace {

// Turns records into report rows as they come (see add_table): the header
// first, then each row, then the table reader's own problems.
class RowBuilder {
 public:
  explicit RowBuilder(Report& report) : report_(report) {}

  // False when the table has no ip column: its rows are not read.
  bool header(const std::vector<std::string>& columns) {
    report_.columns = columns;
    map_ = map_columns(columns);
    if (!map_.has(Role::ip)) report_.problems.push_back("the table has no ip column");
    if (!map_.has(Role::timestamp)) report_.problems.push_back("the table has no timestamp column");
    return map_.has(Role::ip);
  }

  void row(const std::vector<std::string>& cells) {
    std::string where = "row " + std::to_string(++rows_) + ": ";
    if (cells.size() != report_.columns.size()) {
      hold(report_,
           where + std::to_string(cells.size()) + " cells, the header has " + std::to_string(report_.columns.size()),
           cells);
      return;
    }
    problems_.clear();
    Row row = read_row(map_, report_.columns, cells, problems_);
    if (problems_.empty()) {
      report_.rows.push_back(std::move(row));
    } else {
      hold(report_, where + join(problems_, "; "), cells);
    }
  }

  // `problems`: the table reader's, after those of the rows.
  void end(const std::vector<std::string>& problems) {
    if (rows_ == 0) report_.problems.push_back("the table has no rows");
    report_.problems.insert(report_.problems.end(), problems.begin(), problems.end());
  }

 private:
  Report& report_;
  ColumnMap map_;
  std::size_t rows_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace

void add_table(const Table& table, Report& report) {
  RowBuilder rows(report);
  if (!rows.header(table.columns)) return;
  report.rows.reserve(table.rows.size());
  for (const std::vector<std::string>& cells : table.rows) rows.row(cells);
  rows.end(table.problems);
}

// Row by row: a million-row table is never held as cells.
void add_delimited(std::string_view text, char sep, Report& report) {
  DelimitedRecords records(text, sep);
  std::vector<std::string> cells;
  if (!records.next(cells)) cells.clear();
  RowBuilder rows(report);
  if (!rows.header(cells)) return;
  // Room for a row per line up to the blank line that ends the table, so
  // that a million rows are not copied while the vector grows; pages never
  // filled are never touched.
  std::string_view table = text.substr(0, text.find("\n\n"));
  report.rows.reserve(static_cast<std::size_t>(std::ranges::count(table, '\n')) + 1);
  std::size_t count = 0;
  while (records.next(cells)) {
    rows.row(cells);
    ++count;
  }
  std::vector<std::string> problems;
  if (records.unterminated()) problems.push_back(unterminated_problem(count));
  rows.end(problems);
}

}  // namespace certbund::report_detail

namespace certbund {

bool only_rows_held(const Report& report) {
  if (report.problems.empty() || report.held.empty()) return false;
  for (const std::string& problem : report.problems) {
    bool held = false;
    for (const HeldRow& h : report.held) held = held || h.why == problem;
    if (!held) return false;
  }
  return true;
}

std::string held_rows_csv(const Report& report) {
  if (report.held.empty()) return "";
  std::string out = report_detail::csv_line(report.columns) + "\n";
  for (const HeldRow& h : report.held) out += h.line + "\n";
  return out;
}

}  // namespace certbund

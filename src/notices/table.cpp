#include <algorithm>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

using Line = std::vector<std::string>;

std::string cell(const std::optional<std::string>& value) {
  std::string v = value ? trim(neutralise_header(*value)) : "";
  return v.empty() ? "-" : v;
}

std::vector<std::string> extra_titles(const std::vector<Row>& rows) {
  std::vector<std::string> titles;
  for (const Row& row : rows) {
    for (const auto& [title, value] : row.extra) {
      if (std::ranges::find(titles, title) == titles.end()) titles.push_back(title);
    }
  }
  return titles;
}

std::optional<std::string> extra_value(const Row& row, const std::string& title) {
  for (const auto& [t, value] : row.extra) {
    if (t == title) return value;
  }
  return std::nullopt;
}

// The German words CERT-Bund writes into status columns, for the English part.
std::string in_english(const std::string& value) {
  static constexpr std::pair<std::string_view, std::string_view> words[] = {
      {"verwundbar", "vulnerable"},
      {"nicht verwundbar", "not vulnerable"},
      {"kompromittiert", "compromised"},
      {"potentiell verwundbar", "potentially vulnerable"},
      {"ja", "yes"},
      {"nein", "no"},
      {"unbekannt", "unknown"}};
  std::string lower = to_lower(value);
  for (const auto& [de, en] : words) {
    if (lower == de) return std::string(en);
  }
  return value;
}

Line row_line(const Row& row, bool with_port, const std::vector<std::string>& extras, bool english) {
  Line line{cell(row.ip.to_string())};
  if (with_port) line.push_back(row.port ? std::to_string(*row.port) : "-");
  line.push_back(row.timestamp ? format_timestamp(*row.timestamp) : "-");
  for (const std::string& title : extras) {
    std::string value = cell(extra_value(row, title));
    line.push_back(english ? in_english(value) : value);
  }
  return line;
}

std::string join_aligned(const Line& line, const std::vector<size_t>& widths) {
  std::string out = "  ";
  for (size_t i = 0; i < line.size(); ++i) {
    out += line[i];
    if (i + 1 < line.size()) out += std::string(widths[i] - display_width(line[i]) + 2, ' ');
  }
  return out + "\n";
}

}  // namespace

std::string format_timestamp(UnixTime t) {
  std::string iso = format_iso8601(t);  // "2015-05-03T03:21:11Z"
  return iso.substr(0, 10) + " " + iso.substr(11, 8);
}

std::string format_table(const std::vector<Row>& rows, const TableTitles& titles) {
  bool with_port = std::ranges::any_of(rows, [](const Row& r) { return r.port.has_value(); });
  std::vector<std::string> extras = extra_titles(rows);
  Line header{titles.ip};
  if (with_port) header.push_back(titles.port);
  header.push_back(titles.timestamp);
  for (const std::string& title : extras) header.push_back(cell(title));
  std::vector<Line> lines{header};
  for (const Row& row : rows) lines.push_back(row_line(row, with_port, extras, titles.english));
  std::vector<size_t> widths(header.size(), 0);
  for (const Line& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], display_width(line[i]));
  }
  std::string out;
  for (const Line& line : lines) out += join_aligned(line, widths);
  return out;
}

}  // namespace certbund::notice_parts

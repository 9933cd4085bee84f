// Where the data table is: below the "Betroffene Systeme" marker, else at a
// legacy "Format:" line, else at a delimited header that names an ip column.

#include <algorithm>

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

bool line_is(std::string_view line, std::string_view text) {
  std::string_view l = trim_view(undecorate(line));
  return l.size() == text.size() && starts_with_ci(l, text);
}

bool is_marker(std::string_view line) { return line_is(line, "Betroffene Systeme in Ihrem Netzbereich:"); }

bool is_english_marker(std::string_view line) {
  return line_is(line, "Affected hosts on your networks:") || line_is(line, "Affected systems on your network:");
}

bool is_format_line(std::string_view line) { return starts_with_ci(trim_view(undecorate(line)), "Format:"); }

// Without the marker, "Format: PDF" in prose must not pass for a table.
bool is_format_table(std::string_view line) { return is_format_line(line) && line.find('|') != std::string_view::npos; }

bool names_ip_column(std::string_view line) {
  std::string_view l = trim_view(undecorate(line));
  if (l.find_first_of(",;\t") == std::string_view::npos) return false;
  Table header = read_delimited(l, guess_delimiter(l));
  return std::ranges::any_of(header.columns, [](const std::string& c) { return role_of(c) == Role::ip; });
}

std::optional<std::size_t> find_line(const std::vector<std::string_view>& lines, bool (*match)(std::string_view)) {
  auto it = std::ranges::find_if(lines, match);
  if (it == lines.end()) return std::nullopt;
  return static_cast<std::size_t>(it - lines.begin());
}

Location below_marker(const std::vector<std::string_view>& lines, std::size_t marker) {
  std::size_t i = marker + 1;
  while (i < lines.size() && (trim_view(undecorate(lines[i])).empty() || is_english_marker(lines[i]))) ++i;
  Location location{.layout = Layout::none, .line = i, .text_end = marker, .after_marker = true};
  if (i < lines.size()) location.layout = is_format_line(lines[i]) ? Layout::pipe : Layout::delimited;
  return location;
}

}  // namespace

Location locate_table(const std::vector<std::string_view>& lines) {
  auto marker = find_line(lines, is_marker);
  if (!marker) marker = find_line(lines, is_english_marker);
  if (marker) return below_marker(lines, *marker);
  if (auto at = find_line(lines, is_format_table)) return {Layout::pipe, *at, *at, false};
  if (auto at = find_line(lines, names_ip_column)) return {Layout::delimited, *at, *at, false};
  return {Layout::none, lines.size(), lines.size(), false};
}

}  // namespace certbund::report_detail

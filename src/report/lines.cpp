// The body as cleaned lines: what every table reader starts from.

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

// Tabs stay: a tab-separated row may end in an empty cell.
std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view trim_view(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> clean_lines(std::string_view text) {
  if (text.starts_with(bom)) text.remove_prefix(bom.size());
  std::vector<std::string_view> lines = split_lines(text);
  for (std::string_view& line : lines) line = rtrim(line);
  return lines;
}

std::string_view undecorate(std::string_view line) {
  // Unverified clearsigned text keeps its "- " dash escapes.
  if (line.starts_with("- ")) line.remove_prefix(2);
  // Hosters forward reports quoted with "> ".
  while (line.starts_with('>')) {
    line.remove_prefix(1);
    if (line.starts_with(' ')) line.remove_prefix(1);
  }
  return line;
}

std::string join_from(const std::vector<std::string_view>& lines, std::size_t from) {
  std::size_t size = 0;
  for (std::size_t i = from; i < lines.size(); ++i) size += lines[i].size() + 1;
  std::string out;
  out.reserve(size);
  for (std::size_t i = from; i < lines.size(); ++i) {
    out.append(undecorate(lines[i]));
    out.push_back('\n');
  }
  return out;
}

std::string_view joined_from(std::string_view text, const std::vector<std::string_view>& lines, std::size_t from,
                             std::string& storage) {
  if (from >= lines.size()) return "";
  const char* end = text.data() + text.size();
  bool in_place = true;
  for (std::size_t i = from; i < lines.size() && in_place; ++i) {
    const char* after = lines[i].data() + lines[i].size();  // must be its LF, and the next line right behind it
    in_place = undecorate(lines[i]).size() == lines[i].size() && after < end && *after == '\n' &&
               (i + 1 == lines.size() || lines[i + 1].data() == after + 1);
  }
  if (!in_place) {
    storage = join_from(lines, from);
    return storage;
  }
  const char* last = lines.back().data() + lines.back().size() + 1;
  return std::string_view(lines[from].data(), static_cast<std::size_t>(last - lines[from].data()));
}

}  // namespace certbund::report_detail

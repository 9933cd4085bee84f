#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

// Greedy fill of one over-long line; a word longer than the width stays whole.
std::string wrap_line(std::string_view line, size_t width) {
  std::string out, current;
  for (const std::string& word : split(line, ' ')) {
    if (word.empty()) continue;
    if (!current.empty() && display_width(current) + 1 + display_width(word) > width) {
      out += current + "\n";
      current.clear();
    }
    current += (current.empty() ? "" : " ") + word;
  }
  return out + current;
}

}  // namespace

std::string wrap_text(std::string_view text, size_t width) {
  std::string out;
  std::vector<std::string_view> lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    bool preformatted = line.starts_with(' ') || line.starts_with('\t');
    out += display_width(line) > width && !preformatted ? wrap_line(line, width) : std::string(line);
    if (i + 1 < lines.size() || text.ends_with('\n')) out += "\n";
  }
  return out;
}

std::string indent(std::string_view text) {
  std::string out;
  for (std::string_view line : split_lines(text)) {
    out += line.empty() ? "\n" : "  " + std::string(line) + "\n";
  }
  return out;
}

}  // namespace certbund::notice_parts

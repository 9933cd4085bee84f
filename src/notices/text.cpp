#include <algorithm>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

// Greedy fill of one over-long line; a word longer than the width stays
// whole. Words are the runs between spaces; the width of the line being
// filled is kept as it grows (display_width adds up over concatenation).
std::string wrap_line(std::string_view line, size_t width) {
  std::string out, current;
  size_t current_width = 0;
  for (size_t pos = 0; pos <= line.size();) {
    const size_t end = std::min(line.find(' ', pos), line.size());
    const std::string_view word = line.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    const size_t word_width = display_width(word);
    if (!current.empty() && current_width + 1 + word_width > width) {
      out += current;
      out += '\n';
      current.clear();
      current_width = 0;
    }
    if (!current.empty()) {
      current += ' ';
      ++current_width;
    }
    current += word;
    current_width += word_width;
  }
  return out + current;
}

}  // namespace

std::string wrap_text(std::string_view text, size_t width) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  std::vector<std::string_view> lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    bool preformatted = line.starts_with(' ') || line.starts_with('\t');
    if (display_width(line) > width && !preformatted) out += wrap_line(line, width);
    else out += line;
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

#include "mimetic_input.hpp"

#include <set>

#include "certbund/util.hpp"

namespace certbund {

namespace {

// Every boundary= value in the message, from any Content-Type at any depth
// (a few false hits from body text do no harm).
std::set<std::string, std::less<>> declared_boundaries(std::string_view raw) {
  std::set<std::string, std::less<>> out;
  std::string lower = to_lower(raw);
  static constexpr std::string_view key = "boundary=";
  for (size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1)) {
    std::string_view rest = raw.substr(at + key.size());
    bool quoted = rest.starts_with('"');
    if (quoted) rest.remove_prefix(1);
    size_t end = rest.find_first_of(quoted ? "\"\r\n" : "; \t\r\n");
    std::string_view value = rest.substr(0, end);
    if (!value.empty()) out.emplace(value);
  }
  return out;
}

// "--b  " or "--b--\t" with a declared `b` loses its trailing blanks.
std::string_view cleaned_line(std::string_view line, const std::set<std::string, std::less<>>& boundaries) {
  size_t end = line.find_last_not_of(" \t");
  if (!line.starts_with("--") || end == std::string_view::npos || end + 1 == line.size()) return line;
  std::string_view core = line.substr(2, end - 1);
  if (core.ends_with("--")) core.remove_suffix(2);
  return boundaries.contains(core) ? line.substr(0, end + 1) : line;
}

std::string without_boundary_blanks(std::string_view raw) {
  auto boundaries = declared_boundaries(raw);
  if (boundaries.empty()) return std::string(raw);
  std::string out;
  out.reserve(raw.size());
  while (!raw.empty()) {
    size_t nl = raw.find('\n');
    std::string_view line = raw.substr(0, nl);
    bool cr = line.ends_with('\r');
    if (cr) line.remove_suffix(1);
    out += cleaned_line(line, boundaries);
    if (cr) out += '\r';
    if (nl == std::string_view::npos) break;
    out += '\n';
    raw.remove_prefix(nl + 1);
  }
  return out;
}

bool has_header_end(std::string_view s) {
  return s.starts_with('\n') || s.starts_with("\r\n") || s.find("\n\n") != std::string_view::npos ||
         s.find("\n\r\n") != std::string_view::npos;
}

}  // namespace

std::string prepared_for_mimetic(std::string_view raw) {
  std::string out = without_boundary_blanks(raw);
  if (has_header_end(out)) {
    if (!out.empty() && !out.ends_with('\n')) out += '\n';
    return out;
  }
  std::string_view eol = out.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  if (!out.empty() && !out.ends_with('\n')) out += eol;
  out += eol;
  return out;
}

}  // namespace certbund

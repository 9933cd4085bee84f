// Our own encoder rather than mimetic's QP::Encoder: mimetic ends lines
// with bare LF, leaves "." at a line start alone, and after a non-ASCII
// byte turns the following CRLF into "=0D=0A" (checked with 0.9.8).
#include "certbund/notices.hpp"

namespace certbund {

namespace {

constexpr size_t max_line = 76;

// One encoded character: itself, or "=XX"; no allocation per byte.
struct Token {
  char bytes[3];
  size_t size;
};

Token hex_escape(unsigned char c) {
  const char* digits = "0123456789ABCDEF";
  return {{'=', digits[c >> 4], digits[c & 0xf]}, 3};
}

bool needs_escape(std::string_view line, size_t i, bool physical_start) {
  unsigned char c = static_cast<unsigned char>(line[i]);
  if (c == ' ' || c == '\t') return i + 1 == line.size();
  if (c < 33 || c > 126 || c == '=') return true;
  return physical_start && (c == '.' || line.substr(i).starts_with("From "));
}

Token token_at(std::string_view line, size_t i, bool physical_start) {
  if (needs_escape(line, i, physical_start)) return hex_escape(static_cast<unsigned char>(line[i]));
  return {{line[i], 0, 0}, 1};
}

// A line that encodes to itself: short enough, no byte to escape.
bool passes_as_is(std::string_view line) {
  if (line.size() > max_line) return false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (needs_escape(line, i, i == 0)) return false;
  }
  return true;
}

// One line without its terminator; soft breaks keep every physical line,
// the "=" included, within 76 characters.
void encode_line(std::string_view line, std::string& out) {
  if (passes_as_is(line)) {
    out.append(line);
    return;
  }
  size_t column = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    Token token = token_at(line, i, column == 0);
    size_t limit = i + 1 == line.size() ? max_line : max_line - 1;
    if (column + token.size > limit) {
      out += "=\r\n";
      column = 0;
      token = token_at(line, i, true);
    }
    out.append(token.bytes, token.size);
    column += token.size;
  }
}

}  // namespace

std::string encode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (nl != text.npos && line.ends_with('\r')) line.remove_suffix(1);
    encode_line(line, out);
    if (nl == text.npos) break;
    out += "\r\n";
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace certbund

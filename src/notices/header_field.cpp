#include "certbund/notices.hpp"

#include <algorithm>
#include <cctype>

namespace certbund {

namespace {

constexpr size_t max_line = 78;
constexpr size_t max_word = 75;  // RFC 2047 limit for one encoded-word

bool is_plain_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return s.find("=?") == s.npos;
}

// Folds at blanks: each continuation line starts with the blank it broke at.
std::string fold_words(std::string_view name, std::string_view value) {
  std::string out = std::string(name) + ":";
  size_t column = out.size();
  for (const std::string& word : split(value, ' ')) {
    if (column + 1 + word.size() > max_line && column > name.size() + 1) {
      out += "\r\n";
      column = 0;
    }
    out += " " + word;
    column += 1 + word.size();
  }
  return out + "\r\n";
}

size_t utf8_length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

std::string q_encode_char(std::string_view ch) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : ch) {
    if (c == ' ') {
      out += '_';
    } else if (std::isalnum(c) && c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += {'=', digits[c >> 4], digits[c & 0xf]};
    }
  }
  return out;
}

// UTF-8 Q encoded-words, never splitting a character, one word per line.
std::string encode_words(std::string_view name, std::string_view value) {
  const std::string open = "=?UTF-8?Q?", close = "?=";
  std::string out = std::string(name) + ": " + open;
  size_t column = out.size(), word = open.size();
  while (!value.empty()) {
    size_t n = std::min(utf8_length(static_cast<unsigned char>(value[0])), value.size());
    std::string enc = q_encode_char(value.substr(0, n));
    value.remove_prefix(n);
    if (column + enc.size() + close.size() > max_line || word + enc.size() + close.size() > max_word) {
      out += close + "\r\n " + open;
      column = 1 + open.size();
      word = open.size();
    }
    out += enc;
    column += enc.size();
    word += enc.size();
  }
  return out + close + "\r\n";
}

}  // namespace

std::string header_field(std::string_view name, std::string_view value) {
  std::string clean = neutralise_header(value);
  if (is_plain_ascii(clean)) return fold_words(name, clean);
  return encode_words(name, clean);
}

}  // namespace certbund

#include "certbund/notices.hpp"

namespace certbund {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

std::string neutralise_header(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (is_control(static_cast<unsigned char>(c))) c = ' ';
  }
  return out;
}

std::string neutralise_body(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c != '\n' && c != '\t' && is_control(static_cast<unsigned char>(c))) c = ' ';
  }
  return out;
}

bool is_bare_address(std::string_view s) {
  size_t at = s.find('@');
  if (at == 0 || at == s.npos || at + 1 == s.size() || s.find('@', at + 1) != s.npos) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
    if (std::string_view("\"<>(),;:[]\\").find(static_cast<char>(c)) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace certbund

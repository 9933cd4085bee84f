#include "certbund/notices.hpp"

namespace certbund {

std::string neutralise_header(std::string_view s) { return blank_controls(s); }

std::string neutralise_body(std::string_view s) { return blank_controls(s, LineBreaks::keep); }

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

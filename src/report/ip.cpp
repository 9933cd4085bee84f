// IP addresses in cells and in prose, parsed by parse_ip (ip.hpp).

#include <algorithm>

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

bool is_address_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
}

// The address in a run of address characters: the run itself, or an IPv4
// glued to a colon ("IP:192.0.2.1", "192.0.2.1:123").
std::optional<IpAddress> address_in(std::string_view token) {
  if (token.find_first_of(".:") == std::string_view::npos) return std::nullopt;
  if (auto ip = cell_ip(token)) return ip;
  std::size_t colon = token.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  if (auto ip = cell_ip(token.substr(colon + 1))) return ip;
  return cell_ip(token.substr(0, token.find(':')));
}

}  // namespace

std::optional<IpAddress> cell_ip(std::string_view text) {
  std::string_view s = trim_view(text);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  return parse_ip(s);
}

std::vector<IpAddress> ips_in_prose(std::string_view text) {
  std::vector<IpAddress> found;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_address_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && is_address_char(text[i])) ++i;
    // A sentence may end right after the address: "... 192.0.2.1."
    std::string_view token = text.substr(start, i - start);
    while (!token.empty() && (token.back() == '.' || token.back() == ':')) token.remove_suffix(1);
    auto ip = address_in(token);
    if (ip && std::ranges::find(found, *ip) == found.end()) found.push_back(*ip);
  }
  return found;
}

}  // namespace certbund::report_detail

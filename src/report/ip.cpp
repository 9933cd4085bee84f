// IP addresses: validated and written canonically with inet_pton/inet_ntop.

#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

bool is_address_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
}

// The address in a run of address characters: the run itself, or an IPv4
// glued to a colon ("IP:192.0.2.1", "192.0.2.1:123").
std::optional<std::string> address_in(std::string_view token) {
  if (token.find_first_of(".:") == std::string_view::npos) return std::nullopt;
  if (auto ip = canonical_ip(token)) return ip;
  std::size_t colon = token.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  if (auto ip = canonical_ip(token.substr(colon + 1))) return ip;
  return canonical_ip(token.substr(0, token.find(':')));
}

}  // namespace

std::optional<std::string> canonical_ip(std::string_view text) {
  std::string_view s = trim_view(text);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (s.empty() || s.size() > INET6_ADDRSTRLEN) return std::nullopt;
  std::string address(s);
  std::array<unsigned char, 16> bytes{};
  std::array<char, INET6_ADDRSTRLEN> out{};
  int family = address.find(':') == std::string::npos ? AF_INET : AF_INET6;
  if (inet_pton(family, address.c_str(), bytes.data()) != 1) return std::nullopt;
  if (inet_ntop(family, bytes.data(), out.data(), out.size()) == nullptr) return std::nullopt;
  return std::string(out.data());
}

std::vector<std::string> ips_in_prose(std::string_view text) {
  std::vector<std::string> found;
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

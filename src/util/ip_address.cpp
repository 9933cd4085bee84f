#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

#include "certbund/ip.hpp"

namespace certbund {

namespace {
// ::ffff:0:0/96, the prefix of IPv4-mapped IPv6 addresses.
constexpr std::array<std::uint8_t, 12> k_v4_mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool is_v4_mapped(const std::array<std::uint8_t, 16>& bytes) {
  return std::equal(k_v4_mapped.begin(), k_v4_mapped.end(), bytes.begin());
}
}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > INET6_ADDRSTRLEN || text.find('\0') != text.npos) {
    return std::nullopt;
  }
  const std::string z(text);  // inet_pton wants a terminated string
  IpAddress ip;
  if (inet_pton(AF_INET, z.c_str(), ip.bytes.data() + 12) == 1) {
    std::copy(k_v4_mapped.begin(), k_v4_mapped.end(), ip.bytes.begin());
    ip.v4 = true;
    return ip;
  }
  if (inet_pton(AF_INET6, z.c_str(), ip.bytes.data()) != 1) return std::nullopt;
  // "::ffff:192.0.2.1" is the same host as "192.0.2.1".
  ip.v4 = is_v4_mapped(ip.bytes);
  return ip;
}

// Dotted quad by std::to_chars, not inet_ntop: inet_ntop formats each
// octet with sprintf, and an import formats a million addresses.
std::string IpAddress::to_string() const {
  char out[INET6_ADDRSTRLEN] = {};
  if (v4) {
    char* end = out;
    for (std::size_t i = 12; i < 16; ++i) {
      if (i > 12) *end++ = '.';
      end = std::to_chars(end, out + sizeof out, bytes[i]).ptr;
    }
    return std::string(out, end);
  }
  inet_ntop(AF_INET6, bytes.data(), out, sizeof out);
  return out;
}

}  // namespace certbund

#pragma once
// One IP address type for every stage (part of util): the report stage
// parses each address once into it, Row carries it, the owners stage
// matches it against networks and the store keeps it as text and as
// 16 bytes.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace certbund {

// An address; IPv4 is kept as an IPv4-mapped IPv6 address internally.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
  std::string to_string() const;  // canonical (inet_ntop): "192.0.2.1", "2001:db8::1"
  auto operator<=>(const IpAddress&) const = default;
};
// "192.0.2.1", "2001:db8::1" (inet_pton, RFC 4291 text forms); an
// IPv4-mapped "::ffff:192.0.2.1" is the IPv4 address. Anything else,
// spaces included, is nullopt.
std::optional<IpAddress> parse_ip(std::string_view text);

}  // namespace certbund

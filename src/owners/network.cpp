#include <algorithm>
#include <charconv>

#include "certbund/owners.hpp"

namespace certbund {

namespace {
// Prefix length counted over all 128 bits of the mapped form.
int full_prefix(const Network& n) { return n.base.v4 ? n.prefix + 96 : n.prefix; }

// Sets every bit after the first `prefix` ones to `value`: the byte the
// prefix ends in, then whole bytes (an import fills two for each of a
// million networks).
IpAddress fill_host_bits(IpAddress ip, int prefix, bool value) {
  const auto whole = static_cast<std::size_t>(prefix / 8);
  if (whole >= ip.bytes.size()) return ip;
  const auto host = static_cast<std::uint8_t>(0xFFu >> (prefix % 8));
  auto& partial = ip.bytes[whole];
  partial = static_cast<std::uint8_t>(value ? (partial | host) : (partial & ~host));
  std::fill(ip.bytes.begin() + static_cast<std::ptrdiff_t>(whole) + 1, ip.bytes.end(),
            static_cast<std::uint8_t>(value ? 0xFF : 0x00));
  return ip;
}

std::optional<int> parse_prefix(std::string_view text, int max) {
  unsigned prefix = 0;  // unsigned: from_chars then rejects a sign
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), prefix);
  if (ec != std::errc{} || end != text.data() + text.size() || text.size() > 3) {
    return std::nullopt;
  }
  if (prefix > static_cast<unsigned>(max)) return std::nullopt;
  return static_cast<int>(prefix);
}
}  // namespace

bool Network::contains(const IpAddress& ip) const {
  return ip.v4 == base.v4 && fill_host_bits(ip, full_prefix(*this), false) == base;
}

bool Network::contains(const Network& other) const {
  return other.base.v4 == base.v4 && other.prefix >= prefix && contains(other.base);
}

IpAddress Network::last() const { return fill_host_bits(base, full_prefix(*this), true); }

// Appended in place: an import formats a million networks.
std::string Network::to_string() const {
  std::string out = base.to_string();
  char digits[4];
  const auto end = std::to_chars(digits, digits + sizeof digits, prefix).ptr;
  out += '/';
  out.append(digits, end);
  return out;
}

std::optional<Network> parse_network(std::string_view text) {
  auto slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  const int max = ip->v4 ? 32 : 128;
  Network net{*ip, max};
  if (slash != text.npos) {
    auto prefix = parse_prefix(text.substr(slash + 1), max);
    if (!prefix) return std::nullopt;
    net.prefix = *prefix;
  }
  if (fill_host_bits(*ip, full_prefix(net), false) != *ip) return std::nullopt;
  return net;
}

std::optional<std::size_t> longest_match(const std::vector<Network>& networks, const IpAddress& ip) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < networks.size(); ++i) {
    if (!networks[i].contains(ip)) continue;
    if (!best || networks[i].prefix > networks[*best].prefix) best = i;
  }
  return best;
}

}  // namespace certbund

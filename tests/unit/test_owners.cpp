#include <doctest/doctest.h>

#include "certbund/owners.hpp"

using namespace certbund;

namespace {
IpAddress ip(std::string_view text) { return parse_ip(text).value(); }
Network net(std::string_view text) { return parse_network(text).value(); }
}  // namespace

TEST_SUITE("owners") {
  TEST_CASE("IPv4 is kept v4-mapped and printed plainly") {
    auto a = ip("192.0.2.1");
    CHECK(a.v4);
    CHECK(a.bytes[10] == 0xff);
    CHECK(a.bytes[12] == 192);
    CHECK(a.to_string() == "192.0.2.1");
  }
  TEST_CASE("IPv6 printed in canonical short form") {
    CHECK(ip("2001:0db8:0000:0000:0000:0000:0000:0001").to_string() == "2001:db8::1");
    CHECK_FALSE(ip("2001:db8::1").v4);
  }
  TEST_CASE("v4-mapped IPv6 text is the IPv4 host") { CHECK(ip("::ffff:192.0.2.1") == ip("192.0.2.1")); }
  TEST_CASE("garbage addresses are rejected") {
    for (auto bad : {"", "192.0.2", "192.0.2.256", "1.2.3.4 ", "2001:db8:::1", "fe80::1%eth0", "example.net"}) {
      CHECK_FALSE(parse_ip(bad).has_value());
    }
  }
  TEST_CASE("network prefix bounds per family") {
    CHECK(parse_network("10.0.0.0/32").has_value());
    CHECK_FALSE(parse_network("10.0.0.0/33").has_value());
    CHECK(parse_network("2001:db8::/128").has_value());
    CHECK_FALSE(parse_network("2001:db8::/129").has_value());
    CHECK_FALSE(parse_network("10.0.0.0/").has_value());
    CHECK_FALSE(parse_network("10.0.0.0/-0").has_value());
    CHECK_FALSE(parse_network("10.0.0.0/+8").has_value());
    CHECK(net("0.0.0.0/0").prefix == 0);
  }
  TEST_CASE("host bits set are an error") {
    CHECK_FALSE(parse_network("192.0.2.1/24").has_value());
    CHECK_FALSE(parse_network("2001:db8::1/64").has_value());
  }
  TEST_CASE("bare address is a host network") {
    CHECK(net("192.0.2.7").to_string() == "192.0.2.7/32");
    CHECK(net("2001:db8::7").to_string() == "2001:db8::7/128");
  }
  TEST_CASE("contains: inside, outside, other family") {
    CHECK(net("192.0.2.0/24").contains(ip("192.0.2.255")));
    CHECK_FALSE(net("192.0.2.0/24").contains(ip("192.0.3.0")));
    CHECK(net("0.0.0.0/0").contains(ip("203.0.113.5")));
    CHECK_FALSE(net("::/0").contains(ip("203.0.113.5")));
    CHECK(net("2001:db8:10::/48").contains(ip("2001:db8:10:ffff::1")));
    CHECK(net("192.0.2.0/24").contains(net("192.0.2.128/26")));
    CHECK_FALSE(net("192.0.2.128/26").contains(net("192.0.2.0/24")));
  }
  TEST_CASE("last address of a network") {
    CHECK(net("192.0.2.128/26").last().to_string() == "192.0.2.191");
    CHECK(net("2001:db8:10::/48").last().to_string() == "2001:db8:10:ffff:ffff:ffff:ffff:ffff");
    CHECK(net("10.1.2.3/32").last() == ip("10.1.2.3"));
  }
  TEST_CASE("longest prefix wins") {
    std::vector<Network> nets{net("192.0.2.0/24"), net("192.0.2.128/26"), net("2001:db8:10::/48")};
    CHECK(longest_match(nets, ip("192.0.2.130")) == 1u);
    CHECK(longest_match(nets, ip("192.0.2.17")) == 0u);
    CHECK(longest_match(nets, ip("2001:db8:10::5")) == 2u);
    CHECK_FALSE(longest_match(nets, ip("203.0.113.5")).has_value());
  }
  TEST_CASE("language names round-trip") {
    CHECK(to_string(Language::de_en) == "de+en");
    CHECK(language_from_string("en") == Language::en);
    CHECK_FALSE(language_from_string("DE").has_value());
    CHECK_FALSE(language_from_string("fr").has_value());
  }
}

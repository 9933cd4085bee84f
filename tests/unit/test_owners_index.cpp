// OwnerIndex: longest prefix with history, against hand-picked cases and
// against a plain scan of the same holdings.

#include <doctest/doctest.h>

#include <random>

#include "certbund/owners.hpp"

using namespace certbund;

namespace {
IpAddress ip(std::string_view text) { return parse_ip(text).value(); }
Network net(std::string_view text) { return parse_network(text).value(); }

struct Holding {
  Network network;
  std::string customer;
  UnixTime from;
  std::optional<UnixTime> to;
};

OwnerIndex index_of(const std::vector<Holding>& holdings) {
  OwnerIndex::Builder b;
  for (const Holding& h : holdings) b.add(h.network, h.customer, h.from, h.to);
  return std::move(b).build();
}

std::optional<std::string> owner(const OwnerIndex& index, std::string_view address, UnixTime at) {
  auto m = index.find(ip(address), at);
  if (!m) return std::nullopt;
  return std::string(m->customer);
}

// The rule written out: longest prefix, then latest start, then last added.
std::optional<std::size_t> by_scan(const std::vector<Holding>& holdings, const IpAddress& a, UnixTime at) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < holdings.size(); ++i) {
    const Holding& h = holdings[i];
    if (!h.network.contains(a) || h.from > at || (h.to && *h.to <= at)) continue;
    if (!best) {
      best = i;
      continue;
    }
    const Holding& b = holdings[*best];
    if (h.network.prefix > b.network.prefix || (h.network.prefix == b.network.prefix && h.from >= b.from)) best = i;
  }
  return best;
}
}  // namespace

TEST_SUITE("owners") {
  TEST_CASE("index: nested networks, both families, the edges of a network, no owner") {
    auto index = index_of({{net("192.0.2.0/24"), "wide", 0, {}},
                           {net("192.0.2.128/26"), "narrow", 0, {}},
                           {net("192.0.2.130/32"), "host", 0, {}},
                           {net("2001:db8::/32"), "six", 0, {}},
                           {net("2001:db8:10::/48"), "six-narrow", 0, {}}});
    CHECK(owner(index, "192.0.2.0", 5) == "wide");
    CHECK(owner(index, "192.0.2.127", 5) == "wide");
    CHECK(owner(index, "192.0.2.128", 5) == "narrow");
    CHECK(owner(index, "192.0.2.130", 5) == "host");
    CHECK(owner(index, "192.0.2.131", 5) == "narrow");
    CHECK(owner(index, "192.0.2.191", 5) == "narrow");
    CHECK(owner(index, "192.0.2.192", 5) == "wide");
    CHECK(owner(index, "192.0.2.255", 5) == "wide");
    CHECK(owner(index, "192.0.3.0", 5) == std::nullopt);
    CHECK(owner(index, "192.0.1.255", 5) == std::nullopt);
    CHECK(owner(index, "2001:db8:10::5", 5) == "six-narrow");
    CHECK(owner(index, "2001:db8:11::5", 5) == "six");
    CHECK(owner(index, "2001:db9::", 5) == std::nullopt);
    CHECK(index.find(ip("192.0.2.129"), 5)->network == net("192.0.2.128/26"));
    CHECK(index.find(ip("2001:db8:10::1"), 5)->network == net("2001:db8:10::/48"));
    CHECK(index.size() == 5);
  }

  TEST_CASE("index: an address of one family never matches a network of the other") {
    auto index = index_of({{net("::/0"), "all-six", 0, {}}, {net("0.0.0.0/0"), "all-four", 0, {}}});
    CHECK(owner(index, "203.0.113.5", 0) == "all-four");
    CHECK(owner(index, "255.255.255.255", 0) == "all-four");
    CHECK(owner(index, "::1", 0) == "all-six");
    CHECK(owner(index, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0) == "all-six");
    CHECK(owner(OwnerIndex(), "203.0.113.5", 0) == std::nullopt);
  }

  TEST_CASE("index: history decides, and a narrower network not held then falls back to the wider") {
    const UnixTime t = 1000;
    auto index = index_of({{net("198.51.100.0/24"), "old", std::numeric_limits<UnixTime>::min(), t},
                           {net("198.51.100.0/24"), "new", t, {}},
                           {net("198.51.100.64/26"), "sub", t + 50, t + 100},
                           {net("10.0.0.0/8"), "later", t, {}}});
    CHECK(owner(index, "198.51.100.70", t - 1) == "old");
    CHECK(owner(index, "198.51.100.70", t) == "new");
    CHECK(owner(index, "198.51.100.70", t + 50) == "sub");
    CHECK(owner(index, "198.51.100.70", t + 100) == "new");
    CHECK(owner(index, "10.1.1.1", t - 1) == std::nullopt);
    CHECK(index.find(ip("198.51.100.70"), t)->from == t);
  }

  TEST_CASE("index: of two holdings of one network valid at once, the later start, then the last added") {
    auto index = index_of({{net("192.0.2.0/24"), "a", 10, {}},
                           {net("192.0.2.0/24"), "b", 20, {}},
                           {net("192.0.2.0/24"), "c", 20, {}},
                           {net("192.0.2.0/24"), "d", 5, {}}});
    CHECK(owner(index, "192.0.2.1", 15) == "a");
    CHECK(owner(index, "192.0.2.1", 25) == "c");
  }

  TEST_CASE("index: first_after finds the holding that starts first after a time, the longest on a tie") {
    auto index = index_of({{net("192.0.2.0/24"), "wide-late", 30, {}},
                           {net("192.0.2.0/25"), "narrow", 20, 40},
                           {net("192.0.2.0/24"), "wide-early", 20, {}},
                           {net("192.0.2.0/26"), "past", 5, 10}});
    CHECK(index.first_after(ip("192.0.2.1"), 10)->customer == "narrow");
    CHECK(index.first_after(ip("192.0.2.200"), 10)->customer == "wide-early");
    CHECK(index.first_after(ip("192.0.2.1"), 20)->customer == "wide-late");
    CHECK(index.first_after(ip("192.0.2.1"), 20)->to == std::nullopt);
    CHECK(index.first_after(ip("192.0.2.1"), 0)->customer == "past");
    CHECK(index.first_after(ip("192.0.2.1"), 0)->to == 10);
    CHECK_FALSE(index.first_after(ip("192.0.2.1"), 30).has_value());
    CHECK_FALSE(index.first_after(ip("192.0.3.1"), 0).has_value());
  }

  TEST_CASE("index: random nested networks and histories agree with a plain scan") {
    std::mt19937 rng(7);
    std::vector<Holding> holdings;
    for (int i = 0; i < 400; ++i) {
      const bool v4 = rng() % 4 != 0;
      IpAddress base = v4 ? ip("10.20.0.0") : ip("2001:db8:20::");
      base.bytes[v4 ? 14 : 6] = static_cast<std::uint8_t>(rng() % 8);
      base.bytes[v4 ? 15 : 7] = static_cast<std::uint8_t>(rng() % 256);
      const int prefix = v4 ? 16 + static_cast<int>(rng() % 17) : 40 + static_cast<int>(rng() % 25);
      Network n{base, prefix};  // host bits cleared below
      for (int bit = prefix + (v4 ? 96 : 0); bit < 128; ++bit) {
        n.base.bytes[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
      }
      const UnixTime from = static_cast<UnixTime>(rng() % 100);
      std::optional<UnixTime> to;
      if (rng() % 2) to = from + 1 + static_cast<UnixTime>(rng() % 100);
      holdings.push_back({n, "k" + std::to_string(i % 50), from, to});
    }
    auto index = index_of(holdings);
    int found = 0;
    for (int i = 0; i < 20000; ++i) {
      const bool v4 = rng() % 4 != 0;
      IpAddress a = v4 ? ip("10.20.0.0") : ip("2001:db8:20::");
      a.bytes[v4 ? 14 : 6] = static_cast<std::uint8_t>(rng() % 9);
      a.bytes[v4 ? 15 : 7] = static_cast<std::uint8_t>(rng() % 256);
      const UnixTime at = static_cast<UnixTime>(rng() % 210);
      auto want = by_scan(holdings, a, at);
      auto got = index.find(a, at);
      REQUIRE(want.has_value() == got.has_value());
      if (!want) continue;
      ++found;
      CHECK(got->customer == holdings[*want].customer);
      CHECK(got->network == holdings[*want].network);
      CHECK(got->from == holdings[*want].from);
    }
    CHECK(found > 1000);
  }
}

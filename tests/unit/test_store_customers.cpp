#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace store_test;

namespace {
std::optional<std::string> owner(const Store& store, std::string_view ip, UnixTime at) {
  auto match = store.owner_of(parse_ip(ip).value(), at);
  if (!match) return std::nullopt;
  return match->customer;
}
}  // namespace

TEST_SUITE("store") {
  TEST_CASE("longest prefix: nested networks, IPv6, no owner") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    CHECK(owner(f.store, "192.0.2.130", k_t0) == "c1003");
    CHECK(owner(f.store, "192.0.2.17", k_t0) == "c1001");
    CHECK(owner(f.store, "2001:db8:10::5", k_t0) == "c1001");
    CHECK(owner(f.store, "192.0.2.191", k_t0) == "c1003");
    CHECK(owner(f.store, "192.0.2.192", k_t0) == "c1001");
    CHECK(f.store.owner_of(parse_ip("192.0.2.130").value(), k_t0)->network.to_string() == "192.0.2.128/26");
  }
  TEST_CASE("first import covers scans from before it") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    CHECK(owner(f.store, "198.51.100.1", k_t0 - 365 * k_day) == "c1002");
  }
  TEST_CASE("history: re-import moves 198.51.100.0/24 from c1002 to c1001 at T") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto moved = sample_customers();
    moved[0].networks.push_back(moved[1].networks[0]);
    moved[1].networks.clear();
    const UnixTime t = k_t0 + 10 * k_day;
    f.store.replace_customers(moved, t);
    CHECK(owner(f.store, "198.51.100.1", t - 1) == "c1002");
    CHECK(owner(f.store, "198.51.100.1", t) == "c1001");
    auto out = f.ingest(report("CB-Report#1", {row("198.51.100.1", t - k_day), row("198.51.100.2", t + k_day)}),
                        t + 2 * k_day);
    CHECK(out.at(0).customer == "c1002");
    CHECK(out.at(1).customer == "c1001");
    // An unchanged holding keeps its start.
    CHECK(f.store.owner_of(parse_ip("192.0.2.17").value(), t)->since < k_t0);
  }
  TEST_CASE("customers list: current only, networks and languages round-trip") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto fewer = sample_customers();
    fewer.pop_back();
    f.store.replace_customers(fewer, k_t0 + k_day);
    auto list = f.store.customers();
    REQUIRE(list.size() == 2);
    CHECK(list[0].id == "c1001");
    CHECK(list[0].language == Language::de);
    CHECK(list[0].emails == std::vector<std::string>{"abuse@muster.example"});
    REQUIRE(list[0].networks.size() == 2);
    CHECK(list[0].networks[1].to_string() == "2001:db8:10::/48");
    CHECK(owner(f.store, "192.0.2.130", k_t0 + k_day) == "c1001");
    CHECK(owner(f.store, "192.0.2.130", k_t0) == "c1003");
    // A dropped customer is still known, for the events it held.
    REQUIRE(f.store.customer("c1003").has_value());
    CHECK(f.store.customer("c1003")->networks.empty());
    CHECK_FALSE(f.store.customer("c9999").has_value());
  }
  TEST_CASE("an import by another connection reaches the owners this one looks up and records") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    CHECK(owner(f.store, "203.0.113.5", k_t0 + k_day) == std::nullopt);  // builds this store's index
    {
      Store other(f.dir.path / "db" / "certbund.sqlite");
      auto more = sample_customers();
      more[1].networks.push_back(parse_network("203.0.113.0/24").value());
      other.replace_customers(more, k_t0 + k_day);
    }
    CHECK(owner(f.store, "203.0.113.5", k_t0 + k_day) == "c1002");
    auto out = f.ingest(report("CB-Report#1", {row("203.0.113.5", k_t0 + 2 * k_day)}), k_t0 + 2 * k_day);
    CHECK(out.at(0).customer == "c1002");
  }
  TEST_CASE("import replacement is atomic") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto broken = sample_customers();
    broken[0].networks.clear();
    broken.push_back({"", "No Id", {"x@y.example"}, Language::en, {parse_network("203.0.113.0/24").value()}});
    try {
      f.store.replace_customers(broken, k_t0 + k_day);
      FAIL("no Failure thrown");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::data);
    }
    CHECK(f.store.customers().size() == 3);
    CHECK(owner(f.store, "192.0.2.17", k_t0 + 2 * k_day) == "c1001");
    CHECK(owner(f.store, "203.0.113.5", k_t0 + 2 * k_day) == std::nullopt);
  }
}

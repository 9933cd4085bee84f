#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "incident_row.hpp"

using certbund::BoundedCache;

TEST_SUITE("store") {
  TEST_CASE("BoundedCache: loads a key once, keeps what load puts, forgets everything at its limit") {
    BoundedCache<std::string, int> cache(4);
    int loads = 0;
    CHECK(cache.get("a", [&] { return ++loads; }) == 1);
    CHECK(cache.get("a", [&] { return ++loads; }) == 1);  // known: not loaded again
    // A load that puts its neighbours (and its own key) as well.
    CHECK(cache.get("b", [&] {
      cache.put("c", 30);
      cache.put("b", 20);
      return 99;
    }) == 20);  // the value put first is kept
    REQUIRE(cache.find("c"));
    CHECK(*cache.find("c") == 30);
    CHECK(cache.put("c", 31) == 30);
    CHECK(cache.get("d", [] { return 4; }) == 4);  // the fourth entry: at the limit
    CHECK(cache.get("e", [] { return 5; }) == 5);  // the fifth: everything before is forgotten
    CHECK_FALSE(cache.find("a"));
    CHECK_FALSE(cache.find("d"));
    CHECK(*cache.find("e") == 5);
    CHECK(cache.get("a", [&] { return ++loads; }) == 2);  // loaded again
  }

  TEST_CASE("BoundedCache: a load that throws stores nothing") {
    BoundedCache<long, int> cache(8);
    CHECK_THROWS(cache.get(7, []() -> int { throw std::runtime_error("no"); }));
    CHECK_FALSE(cache.find(7));
    CHECK(cache.get(7, [] { return 70; }) == 70);
  }

  TEST_CASE("BoundedCache: many keys that share slots are told apart") {
    BoundedCache<long, long> cache(1000);
    for (long k = 0; k < 1000; ++k) cache.put(k * 4096, k);  // the low bits alike
    for (long k = 0; k < 1000; ++k) {
      REQUIRE(cache.find(k * 4096));
      CHECK(*cache.find(k * 4096) == k);
    }
    CHECK_FALSE(cache.find(1));
  }
}

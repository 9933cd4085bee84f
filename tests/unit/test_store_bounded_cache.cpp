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

  TEST_CASE("BoundedCache: get_near finds keys beside the last one, and any other as get does") {
    BoundedCache<std::string, int> cache(6);
    std::size_t near = 0;
    int loads = 0;
    auto load_run = [&] {  // a load that puts a run of keys in order, as the customers' names are read
      ++loads;
      for (int k = 1; k <= 4; ++k) cache.put("k" + std::to_string(k), k);
      return 0;
    };
    CHECK(cache.get_near("k1", near, load_run) == 1);
    for (int k : {2, 4, 3, 1, 4}) CHECK(cache.get_near("k" + std::to_string(k), near, load_run) == k);  // ahead, back
    CHECK(loads == 1);
    CHECK(cache.get_near("x", near, [] { return 9; }) == 9);  // unknown: loaded
    CHECK(cache.get_near("k2", near, load_run) == 2);
    CHECK(cache.get_near("y", near, [] { return 8; }) == 8);  // the sixth entry: at the limit
    CHECK(cache.get_near("z", near, [] { return 7; }) == 7);  // everything before is forgotten
    CHECK(cache.get_near("k2", near, load_run) == 2);         // loaded again, near no longer where it was
    CHECK(loads == 2);
    near = 1000;  // beyond the entries: looked up as by get
    CHECK(cache.get_near("k3", near, load_run) == 3);
    CHECK(loads == 2);
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

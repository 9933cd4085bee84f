#include <doctest/doctest.h>

#include "certbund/util.hpp"

using namespace certbund;

TEST_SUITE("util") {
  TEST_CASE("timestamp: CERT-Bund's space-separated UTC form") {
    CHECK(parse_utc_timestamp("2015-05-03 03:21:11") == 1430623271);
    CHECK(format_iso8601(1430623271) == "2015-05-03T03:21:11Z");
  }
  TEST_CASE("timestamp: ISO with Z, with UTC suffix, date only") {
    CHECK(parse_utc_timestamp("2015-05-03T03:21:11Z") == 1430623271);
    CHECK(parse_utc_timestamp("2015-05-03 03:21:11 UTC") == 1430623271);
    CHECK(parse_utc_timestamp("2015-05-03") == 1430611200);
  }
  TEST_CASE("timestamp: garbage and impossible dates are rejected") {
    CHECK_FALSE(parse_utc_timestamp("").has_value());
    CHECK_FALSE(parse_utc_timestamp("yesterday").has_value());
    CHECK_FALSE(parse_utc_timestamp("2015-02-30 00:00:00").has_value());
    CHECK_FALSE(parse_utc_timestamp("2015-05-03 25:00:00").has_value());
  }
  TEST_CASE("split_lines: CRLF and LF, no trailing empty line") {
    auto lines = split_lines("a\r\nb\nc\n");
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "a");
    CHECK(lines[1] == "b");
    CHECK(lines[2] == "c");
  }
  TEST_CASE("sha256 of the empty string") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}

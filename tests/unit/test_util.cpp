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
  TEST_CASE("valid_utf8: UTF-8 kept, anything else read as Windows-1252, never invalid") {
    CHECK(is_valid_utf8("M\xC3\xBCller \xE2\x82\xAC"));
    CHECK_FALSE(is_valid_utf8("M\xFCller"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
    CHECK(valid_utf8("M\xC3\xBCller") == "M\xC3\xBCller");
    CHECK(valid_utf8("M\xFCller B\xE4" "ckerei \x80") == "Müller Bäckerei €");
    CHECK(valid_utf8("\x81\xFF") == "\xC2\x81\xC3\xBF");
    std::string every_byte;
    for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
    CHECK(is_valid_utf8(valid_utf8(every_byte)));
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

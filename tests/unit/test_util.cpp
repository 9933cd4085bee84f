#include <doctest/doctest.h>

#include <stdlib.h>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "certbund/ip.hpp"
#include "certbund/util.hpp"

using namespace certbund;

TEST_SUITE("util") {
  TEST_CASE("ip: an IPv4 address formats as a dotted quad without leading zeros, every octet width") {
    for (const char* text : {"0.0.0.0", "255.255.255.255", "10.0.1.200", "192.0.2.9", "1.22.100.0"}) {
      auto ip = parse_ip(text);
      REQUIRE(ip);
      CHECK(ip->to_string() == text);
    }
    CHECK(parse_ip("::ffff:198.51.100.7")->to_string() == "198.51.100.7");
    CHECK(parse_ip("2001:db8::1")->to_string() == "2001:db8::1");
  }
  TEST_CASE("timestamp: CERT-Bund's space-separated UTC form") {
    CHECK(parse_utc_timestamp("2015-05-03 03:21:11") == 1430623271);
    CHECK(format_iso8601(1430623271) == "2015-05-03T03:21:11Z");
  }
  TEST_CASE("format_iso8601: the text strftime writes of gmtime_r, every year, leap days and edges included") {
    auto by_libc = [](UnixTime t) {
      std::time_t tt = static_cast<std::time_t>(t);
      std::tm tm{};
      gmtime_r(&tt, &tm);
      char buf[32];
      return std::string(buf, std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm));
    };
    std::vector<UnixTime> times{-30610224001, -30610224000, -86401,     -86400,       -1,          0, 1,
                                86399,        951782400,    4107542400, 253402300799, 253402300800};
    for (UnixTime t = -31000000000; t < 254000000000; t += 9999991) times.push_back(t);  // every year, any second
    for (UnixTime t : times) {
      CAPTURE(t);
      CHECK(format_iso8601(t) == by_libc(t));
    }
    CHECK(format_iso8601(951782400) == "2000-02-29T00:00:00Z");
    CHECK(format_iso8601(-1) == "1969-12-31T23:59:59Z");
    for (UnixTime t : {86399, 86400, 86399, 172799, 86400}) {  // the day kept from one call to the next
      CAPTURE(t);
      CHECK(format_iso8601(t) == by_libc(t));
    }
    std::string out = "at ";
    append_iso8601(out, 1430623271);
    CHECK(out == "at 2015-05-03T03:21:11Z");
  }
  TEST_CASE("escape_controls: printable ASCII stays as it is; plain_ascii tells it apart") {
    CHECK(plain_ascii("CB-Report#1 ~ Kunde 0 GmbH"));
    CHECK_FALSE(plain_ascii("M\u00fcller"));
    CHECK_FALSE(plain_ascii("a\x7f"));
    CHECK_FALSE(plain_ascii("a\tb"));
    // Every byte, at every place of a text of 1 to 17 bytes (eight at a
    // time and the rest): plain exactly from 0x20 to 0x7E.
    for (int b = 0; b < 256; ++b) {
      for (std::size_t size = 1; size <= 17; ++size) {
        for (std::size_t at = 0; at < size; ++at) {
          std::string text(size, ' ');
          text[at] = static_cast<char>(b);
          CAPTURE(b);
          CAPTURE(at);
          CHECK(plain_ascii(text) == (b >= 0x20 && b <= 0x7E));
        }
      }
    }
    CHECK(plain_ascii(""));
    CHECK(plain_ascii(std::string_view("~~~~~~~~~~~~~~~~", 16)));
    CHECK_FALSE(plain_ascii("\x1f\x20\x20\x20\x20\x20\x20\x20\x7f"));
    CHECK(escape_controls("a b ~") == "a b ~");
    CHECK(escape_controls("a\x7f\xff") == "a\\x7f\\xff");
  }
  TEST_CASE("timestamp: ISO with Z, with UTC suffix, date only") {
    CHECK(parse_utc_timestamp("2015-05-03T03:21:11Z") == 1430623271);
    CHECK(parse_utc_timestamp("2015-05-03 03:21:11 UTC") == 1430623271);
    CHECK(parse_utc_timestamp("2015-05-03") == 1430611200);
  }
  TEST_CASE("timestamp: offsets, Z, UTC and fractions as the field writes them, all as UTC seconds") {
    const UnixTime t = parse_utc_timestamp("2024-01-14T02:12:45Z").value();
    CHECK(format_iso8601(t) == "2024-01-14T02:12:45Z");
    CHECK(parse_utc_timestamp("2024-01-14 03:12:45+01:00") == t);
    CHECK(parse_utc_timestamp("2024-01-14T03:12:45+0100") == t);
    CHECK(parse_utc_timestamp("2024-01-14T03:12:45+01") == t);
    CHECK(parse_utc_timestamp("2024-01-14 03:12:45 +01:00") == t);
    CHECK(parse_utc_timestamp("2024-01-13T21:12:45-05:00") == t);
    CHECK(parse_utc_timestamp("2024-01-14T07:42:45+05:30") == t);
    CHECK(parse_utc_timestamp("2024-01-14T02:12:45.123Z") == t);
    CHECK(parse_utc_timestamp("2024-01-14T02:12:45,999999Z") == t);
    CHECK(parse_utc_timestamp("2024-01-14T03:12:45.5+01:00") == t);
    CHECK(parse_utc_timestamp("2024-01-14 02:12:45 UTC") == t);
    CHECK(parse_utc_timestamp("2024-01-14 02:12:45UTC") == t);
    CHECK(parse_utc_timestamp("2024-01-14 02:12:45 GMT") == t);
    CHECK(parse_utc_timestamp("2024-01-14t02:12:45z") == t);
    CHECK(parse_utc_timestamp("2024-01-14T02:12:45-00:00") == t);
    CHECK(parse_utc_timestamp("2024-01-14 02:12:45") == t);  // no zone: UTC, as CERT-Bund writes it
    CHECK(parse_utc_timestamp("2024-01-14 02:12") == t - 45);
    CHECK(parse_utc_timestamp("2024-01-01T00:30:00+01:00") == parse_utc_timestamp("2023-12-31T23:30:00Z"));
  }
  TEST_CASE("timestamp: the reason names what is wrong") {
    auto why = [](std::string_view s) {
      auto t = read_timestamp(s);
      REQUIRE_FALSE(t.has_value());
      return t.error();
    };
    CHECK(why("2024-01-14 25:00:00") == "hour 25 is out of range");
    CHECK(why("2024-01-14 23:60:00") == "minute 60 is out of range");
    CHECK(why("2024-01-14 23:59:61") == "second 61 is out of range");
    CHECK(why("2015-02-30 00:00:00") == "2015-02-30 is not a day of the calendar");
    CHECK(why("2024-13-01") == "2024-13-01 is not a day of the calendar");
    CHECK(why("2024-01-14 03:12:45 CET") == "\"CET\" is not a time zone (use Z, UTC or an offset like +01:00)");
    CHECK(why("2024-01-14 03:12:45+24:00") == "+24:00 is out of range for a UTC offset");
    CHECK(why("2024-01-14 03:12:45+1") == "\"+1\" is not a UTC offset (+hh:mm or +hhmm)");
    CHECK(why("2024-01-14 03:12:45Z trailing") == "\"trailing\" after the time zone");
    CHECK(why("2024-01-14 03:12:45.Z") == "a decimal point without digits after the seconds");
    CHECK(why("14.01.2024 03:12") ==
          "not an ISO 8601 date and time (YYYY-MM-DD hh:mm:ss, with Z, UTC or an offset like +01:00)");
    CHECK(why("  ") == "empty");
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
    CHECK(valid_utf8("M\xFCller B\xE4"
                     "ckerei \x80") == "Müller Bäckerei €");
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
  TEST_CASE("Sha256: fed piece by piece, the digest of the whole, and feeding goes on after hex()") {
    Sha256 sha;
    sha.update("hello ");
    CHECK(sha.hex() == sha256_hex("hello "));
    sha.update("world");
    CHECK(sha.hex() == sha256_hex("hello world"));
    Sha256 moved = std::move(sha);
    moved.update("!");
    CHECK(moved.hex() == sha256_hex("hello world!"));
  }
  TEST_CASE("FileLock: one holder at a time, free again once released") {
    char name[] = "/tmp/cbtlockXXXXXX";
    REQUIRE(mkdtemp(name) != nullptr);
    const std::string path = std::string(name) + "/db.sqlite.lock";
    {
      auto first = FileLock::try_lock(path);
      REQUIRE(first.has_value());
      REQUIRE(first->has_value());
      auto second = FileLock::try_lock(path);
      REQUIRE(second.has_value());
      CHECK_FALSE(second->has_value());
    }
    auto again = FileLock::try_lock(path);
    REQUIRE(again.has_value());
    CHECK(again->has_value());
    auto unopenable = FileLock::try_lock(std::string(name) + "/no/such/folder/lock");
    REQUIRE_FALSE(unopenable.has_value());
    CHECK(unopenable.error().exit == Exit::io);
    std::filesystem::remove_all(name);
  }
  TEST_CASE("parse_duration: a whole number and a unit, as seconds; anything else refused") {
    CHECK(parse_duration("90d") == 90 * k_day_seconds);
    CHECK(parse_duration("12w") == 84 * k_day_seconds);
    CHECK(parse_duration("1y") == 365 * k_day_seconds);
    CHECK(parse_duration("36h") == 36 * 3600);
    CHECK(parse_duration("30m") == 1800);
    CHECK(parse_duration("0s") == 0);
    for (const char* bad : {"", "d", "90", "-3d", "+3d", "1.5d", "3 d", "3D", "3x", "999999999y"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_duration(bad).has_value());
    }
  }
}

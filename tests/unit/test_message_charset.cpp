#include <doctest/doctest.h>

#include "certbund/message.hpp"

using namespace certbund;

TEST_SUITE("message") {
  TEST_CASE("ISO-8859-1 with umlauts and a 0x80 euro byte") {
    CHECK(to_utf8("Gr\xFC\xDF \x80", "ISO-8859-1") == "Grüß €");
  }
  TEST_CASE("Windows-1252 typographic quotes and dash") { CHECK(to_utf8("\x84x\x93 \x96", "windows-1252") == "„x“ –"); }
  TEST_CASE("undefined Windows-1252 byte kept as its C1 control") { CHECK(to_utf8("\x81", "cp1252") == "\xC2\x81"); }
  TEST_CASE("UTF-8 passes through") { CHECK(to_utf8("März €", "UTF-8") == "März €"); }
  TEST_CASE("invalid UTF-8 falls back to Windows-1252") { CHECK(to_utf8("M\xE4rz", "utf-8") == "März"); }
  TEST_CASE("overlong UTF-8 is invalid") { CHECK(to_utf8("\xC0\xAF", "utf-8") == "À¯"); }
  TEST_CASE("missing charset and us-ascii accept UTF-8 bytes") {
    CHECK(to_utf8("März", "") == "März");
    CHECK(to_utf8("März", "us-ascii") == "März");
  }
  TEST_CASE("quoted charset label") { CHECK(to_utf8("\xE4", "\"iso-8859-1\"") == "ä"); }
  TEST_CASE("charset only iconv knows: KOI8-R") { CHECK(to_utf8("\xF0\xD2\xC9", "koi8-r") == "При"); }
  TEST_CASE("stateful ISO-2022-JP") { CHECK(to_utf8("\x1B$B$3$s\x1B(B!", "iso-2022-jp") == "こん!"); }
  TEST_CASE("unknown charset falls back to Windows-1252") { CHECK(to_utf8("\xE4\x80", "x-no-such-charset") == "ä€"); }
  TEST_CASE("bytes the declared charset rejects fall back to Windows-1252") {
    CHECK(to_utf8("a\xFF", "iso-2022-jp") == "aÿ");
  }
}

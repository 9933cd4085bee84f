#include <doctest/doctest.h>

#include "certbund/util.hpp"

using namespace certbund;

TEST_SUITE("util") {
  TEST_CASE("escape_controls: the escapes of terminal-escapes-in-headers.eml become visible") {
    CHECK(escape_controls("hi \x1b[2J\x1b]0;pwned\x07") == "hi \\x1b[2J\\x1b]0;pwned\\x07");
    CHECK(escape_controls("\x1b[31mEvil <e@x>") == "\\x1b[31mEvil <e@x>");
  }
  TEST_CASE("escape_controls: CR, LF, TAB, NUL and DEL") {
    CHECK(escape_controls("a\rb\nc\td") == "a\\rb\\nc\\td");
    CHECK(escape_controls(std::string_view("x\0y", 3)) == "x\\x00y");
    CHECK(escape_controls("del\x7f") == "del\\x7f");
  }
  TEST_CASE("escape_controls: C1 controls written as UTF-8 (CSI U+009B, NEL U+0085)") {
    CHECK(escape_controls("a\xc2\x9b"
                          "2Jb") == "a\\u009b2Jb");
    CHECK(escape_controls("\xc2\x85") == "\\u0085");
    CHECK(escape_controls("\xc2\xa0") == "\xc2\xa0");  // U+00A0 is no control
  }
  TEST_CASE("escape_controls: bidi overrides and isolates, and only those") {
    CHECK(escape_controls("invoice\xe2\x80\xae"
                          "fdp.exe") == "invoice\\u202efdp.exe");  // U+202E RLO
    CHECK(escape_controls("\xe2\x80\xaa\xe2\x80\xac") == "\\u202a\\u202c");
    CHECK(escape_controls("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u2066x\\u2069");
    CHECK(escape_controls("\xe2\x80\xa9") == "\xe2\x80\xa9");  // U+2029 passes
    CHECK(escape_controls("\xe2\x81\xaa") == "\xe2\x81\xaa");  // U+206A passes
  }
  TEST_CASE("escape_controls: bytes that are not UTF-8 become \\xNN, a lone 8-bit CSI too") {
    CHECK(escape_controls("\x9b"
                          "31m") == "\\x9b31m");
    CHECK(escape_controls("M\xfcller") == "M\\xfcller");
    CHECK(escape_controls("\xc0\x9b") == "\\xc0\\x9b");           // overlong
    CHECK(escape_controls("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate
    CHECK(escape_controls("\xe2\x80") == "\\xe2\\x80");           // cut short
  }
  TEST_CASE("escape_controls: text without controls is unchanged, escaping twice too") {
    std::string text = "[CB-Report#20240115-50000012] Offene Redis-Server in AS64496 \xc3\xa4\xf0\x9f\x98\x80 C:\\x";
    CHECK(escape_controls(text) == text);
    std::string once = escape_controls("a\x1b\xe2\x80\xae\x9b");
    CHECK(escape_controls(once) == once);
  }
  TEST_CASE("escape_controls: LineBreaks::keep lets LF and TAB through, never CR") {
    CHECK(escape_controls("a\n\tb\r\n", LineBreaks::keep) == "a\n\tb\\r\n");
  }
  TEST_CASE("blank_controls: one blank for each control, invalid bytes left") {
    CHECK(blank_controls("hi \x1b[2J\xe2\x80\xae!") == "hi  [2J !");
    CHECK(blank_controls("a\nb\tc\r", LineBreaks::keep) == "a\nb\tc ");
    CHECK(blank_controls("\xc2\x9b\xfc") == " \xfc");
  }
}

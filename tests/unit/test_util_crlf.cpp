#include <doctest/doctest.h>

#include "certbund/util.hpp"

using certbund::to_crlf;

TEST_SUITE("util") {
  TEST_CASE("crlf: bare LF becomes CRLF") { CHECK(to_crlf("a\nb\n") == "a\r\nb\r\n"); }
  TEST_CASE("crlf: CRLF input is unchanged") { CHECK(to_crlf("a\r\nb\r\n") == "a\r\nb\r\n"); }
  TEST_CASE("crlf: mixed line ends") { CHECK(to_crlf("a\r\nb\nc\r\n\n") == "a\r\nb\r\nc\r\n\r\n"); }
  TEST_CASE("crlf: a lone CR is kept as it is") { CHECK(to_crlf("a\rb\n") == "a\rb\r\n"); }
  TEST_CASE("crlf: leading LF and empty input") {
    CHECK(to_crlf("\nx") == "\r\nx");
    CHECK(to_crlf("") == "");
  }
}

#include <doctest/doctest.h>

#include "certbund/message.hpp"

using namespace certbund;

TEST_SUITE("message") {
  TEST_CASE("Q-encoding underscores are spaces") {
    CHECK(decode_rfc2047("=?UTF-8?Q?Offene_Memcached-Server?=") == "Offene Memcached-Server");
  }
  TEST_CASE("B-encoding") { CHECK(decode_rfc2047("=?utf-8?b?IE3DpHJ6?=") == " März"); }
  TEST_CASE("whitespace between adjacent encoded words is dropped") {
    CHECK(decode_rfc2047("=?ISO-8859-1?Q?Pr=FCf?= \t =?UTF-8?B?IE3DpHJ6?=") == "Prüf März");
  }
  TEST_CASE("whitespace between an encoded word and plain text is kept") {
    CHECK(decode_rfc2047("[CB-Report#1] =?UTF-8?Q?Offene_Dienste?= in AS64496") ==
          "[CB-Report#1] Offene Dienste in AS64496");
  }
  TEST_CASE("multibyte character split across two encoded words") {
    CHECK(decode_rfc2047("=?UTF-8?B?UHLD?= =?UTF-8?B?vGZ1bmc=?=") == "Prüfung");
  }
  TEST_CASE("RFC 2231 language suffix on the charset") { CHECK(decode_rfc2047("=?ISO-8859-1*de?Q?=E4?=") == "ä"); }
  TEST_CASE("undecodable words stay as written") {
    CHECK(decode_rfc2047("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=");
    CHECK(decode_rfc2047("=?UTF-8?Q?no end") == "=?UTF-8?Q?no end");
    CHECK(decode_rfc2047("=?UTF-8?Q?a b?=") == "=?UTF-8?Q?a b?=");
  }
  TEST_CASE("a Q word with a bad escape keeps the equals sign") {
    CHECK(decode_rfc2047("=?UTF-8?Q?100=ZZ?=") == "100=ZZ");
  }
  TEST_CASE("raw 8-bit header text in Windows-1252") { CHECK(decode_rfc2047("M\xE4rz") == "März"); }
  TEST_CASE("folded subject over two lines with mixed charsets") {
    Message m = parse_message(
        "Subject: =?ISO-8859-1?Q?Pr=FCfbericht_f=FCr?=\r\n"
        " =?UTF-8?B?IE3DpHJ6?=\r\n"
        "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.org>\r\n"
        "\r\n"
        "body\r\n");
    CHECK(m.subject == "Prüfbericht für März");
    CHECK(m.from == "Jürgen <j@example.org>");
  }
}

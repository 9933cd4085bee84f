#include <doctest/doctest.h>
#include <mimetic/mimetic.h>

#include <iterator>

#include "certbund/notices.hpp"

using namespace certbund;

namespace {

std::string qp_decode(const std::string& encoded) {
  std::string out;
  mimetic::QP::Decoder decoder;
  mimetic::decode(encoded.begin(), encoded.end(), decoder, std::back_inserter(out));
  return out;
}

bool lines_within(const std::string& text, size_t width) {
  for (std::string_view line : split_lines(text)) {
    if (line.size() > width) return false;
  }
  return true;
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("quoted-printable round-trips through mimetic's decoder") {
    std::string text = "Grüße aus Köln = 100 %\n" + std::string(200, 'x') + "\n\tTab und Leerzeichen  \n-- \nEnde\n";
    std::string encoded = encode_quoted_printable(text);
    CHECK(qp_decode(encoded) == text);
    CHECK(lines_within(encoded, 76));
  }
  TEST_CASE("quoted-printable: CRLF out, bare LF never") {
    std::string encoded = encode_quoted_printable("a\nb\r\nc\n");
    CHECK(encoded == "a\r\nb\r\nc\r\n");
  }
  TEST_CASE("quoted-printable: trailing blanks, From and dot at a line start") {
    CHECK(encode_quoted_printable("-- \n") == "--=20\r\n");
    CHECK(encode_quoted_printable("tab\t\n") == "tab=09\r\n");
    CHECK(encode_quoted_printable("From here\n") == "=46rom here\r\n");
    CHECK(encode_quoted_printable(".\n") == "=2E\r\n");
    CHECK(encode_quoted_printable("x. From y\n") == "x. From y\r\n");
  }
  TEST_CASE("quoted-printable: a soft break never splits an escape") {
    std::string text(74, 'a');
    text += "ü";
    std::string encoded = encode_quoted_printable(text);
    CHECK(encoded == std::string(74, 'a') + "=\r\n=C3=BC");
    CHECK(qp_decode(encoded) == text);
  }
  TEST_CASE("quoted-printable: a continuation line starting with a dot is escaped") {
    std::string text = std::string(75, 'a') + ".b";
    CHECK(encode_quoted_printable(text) == std::string(75, 'a') + "=\r\n=2Eb");
  }
  TEST_CASE("quoted-printable: a plain line of 76 passes whole, one of 77 breaks after 75") {
    std::string line76(76, 'x');
    CHECK(encode_quoted_printable(line76 + "\n") == line76 + "\r\n");
    std::string line77(77, 'x');
    CHECK(encode_quoted_printable(line77 + "\n") == std::string(75, 'x') + "=\r\nxx\r\n");
    CHECK(encode_quoted_printable("a=b\n") == "a=3Db\r\n");
  }
  TEST_CASE("header: words with umlauts become RFC 2047 UTF-8 encoded-words") {
    std::string field = header_field("Subject", "Offene Server für Prüfung [CB-Report#1]");
    CHECK(field == "Subject: Offene Server =?UTF-8?Q?f=C3=BCr_Pr=C3=BCfung?= [CB-Report#1]\r\n");
  }
  TEST_CASE("header: long values fold under 78 columns") {
    std::string ascii =
        header_field("Subject", std::string(30, 'a') + " " + std::string(30, 'b') + " " + std::string(30, 'c'));
    CHECK(lines_within(ascii, 78));
    CHECK(ascii.find("\r\n " + std::string(30, 'c')) != std::string::npos);
    std::string encoded;
    for (int i = 0; i < 20; ++i) encoded += i ? " Größe" : "Größe";
    std::string folded = header_field("Subject", encoded);
    CHECK(lines_within(folded, 78));
    for (std::string_view line : split_lines(folded)) {
      CHECK((line.starts_with("Subject: =?UTF-8?Q?") || line.starts_with(" =?UTF-8?Q?")));
      CHECK(line.ends_with("?="));
    }
  }
  TEST_CASE("header: an encoded-word never splits a UTF-8 character") {
    std::string folded = header_field("Subject", std::string(60, 'x') + "äöüäöü");
    for (std::string_view line : split_lines(folded)) {
      CHECK_FALSE(line.ends_with("=C3?="));
    }
  }
  TEST_CASE("header: CR, LF and controls become blanks") {
    CHECK(neutralise_header("a\r\nBcc: x@y\x01\x7f") == "a  Bcc: x@y  ");
    CHECK(header_field("X-Test", "a\r\nBcc: x@y") == "X-Test: a  Bcc: x@y\r\n");
  }
  TEST_CASE("body: controls other than LF and TAB become blanks") {
    CHECK(neutralise_body("a\r\n\tb\x1b[0m") == "a \n\tb [0m");
  }
  TEST_CASE("header and body: C1 controls and bidi overrides become blanks too") {
    CHECK(neutralise_header("a\xc2\x9b"
                            "31mb\xe2\x80\xae"
                            "c\xe2\x81\xa6") == "a 31mb c ");
    CHECK(neutralise_body("x\xe2\x80\xaby\n\xc2\x85z") == "x y\n z");
  }
  TEST_CASE("body: text around a blanked control is kept byte for byte, invalid bytes too") {
    CHECK(neutralise_body("Grüße\x01 \xff\x7f€\n") == "Grüße  \xff €\n");
    CHECK(neutralise_header("\x1b") == " ");
    CHECK(neutralise_header("") == "");
  }
  TEST_CASE("address: only bare addr-specs pass") {
    CHECK(is_bare_address("abuse@example.net"));
    CHECK_FALSE(is_bare_address("Abuse <abuse@example.net>"));
    CHECK_FALSE(is_bare_address("\"a b\"@example.net"));
    CHECK_FALSE(is_bare_address("a@b@c"));
    CHECK_FALSE(is_bare_address("a@example.net\r\nBcc: x@y"));
    CHECK_FALSE(is_bare_address("@example.net"));
    CHECK_FALSE(is_bare_address("a,b@example.net"));
  }
}

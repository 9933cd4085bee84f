#include <doctest/doctest.h>

#include <string>

#include "certbund/message.hpp"

using namespace certbund;

namespace {

const char* const signed_report =
    "From: CERT-Bund Reports <reports@reports.cert-bund.de>\n"
    "Subject: [CB-Report#20190911-10001234] Offene Memcached-Server in AS64496\n"
    "Message-Id: <156819901234.1234.5678@reports.cert-bund.de>\n"
    "Date: Wed, 11 Sep 2019 10:50:12 +0000\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/signed; protocol=\"application/pgp-signature\";\n"
    " micalg=\"pgp-sha256\"; boundary=\"===outer==\"\n"
    "\n"
    "--===outer==\n"
    "Content-Type: multipart/mixed; boundary=\"inner\"\n"
    "\n"
    "--inner\n"
    "Content-Type: text/plain; charset=\"utf-8\"\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Sehr geehrte Damen und Herren,=0A\n"
    "From=20here: \"asn\",\"ip\",\"timestamp\",\"port\",\"very long=\n"
    " column\"\n"
    "--inner\n"
    "Content-Type: text/html; charset=\"utf-8\"\n"
    "\n"
    "<p>not kept</p>\n"
    "--inner\n"
    "Content-Type: text/csv\n"
    "Content-Disposition: attachment; filename=\"events.csv\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "ImFzbiIsImlwIg0KIjY0NDk2IiwiMTkyLjAuMi4xIg0K\n"
    "--inner--\n"
    "\n"
    "--===outer==\n"
    "Content-Type: application/pgp-signature; name=\"signature.asc\"\n"
    "\n"
    "-----BEGIN PGP SIGNATURE-----\n"
    "-----END PGP SIGNATURE-----\n"
    "--===outer==--\n";

std::string with_crlf(std::string_view lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

}  // namespace

TEST_SUITE("message") {
  TEST_CASE("nested multipart inside multipart/signed") {
    Message m = parse_message(signed_report);
    CHECK(m.content_type == "multipart/signed");
    CHECK(m.subject == "[CB-Report#20190911-10001234] Offene Memcached-Server in AS64496");
    CHECK(m.message_id == "<156819901234.1234.5678@reports.cert-bund.de>");
    CHECK(m.date == "Wed, 11 Sep 2019 10:50:12 +0000");
    REQUIRE(m.parts.size() == 2);
    CHECK(m.parts[0].content_type == "text/plain");
    CHECK(m.parts[0].text ==
          "Sehr geehrte Damen und Herren,\n\nFrom here: \"asn\",\"ip\",\"timestamp\",\"port\",\"very long column\"");
    CHECK_FALSE(m.parts[0].is_csv());
  }
  TEST_CASE("base64 CSV attachment named events.csv") {
    Message m = parse_message(signed_report);
    REQUIRE(m.parts.size() == 2);
    CHECK(m.parts[1].content_type == "text/csv");
    CHECK(m.parts[1].filename == "events.csv");
    CHECK(m.parts[1].is_csv());
    CHECK(m.parts[1].text == "\"asn\",\"ip\"\n\"64496\",\"192.0.2.1\"\n");
  }
  TEST_CASE("CRLF message") {
    Message m = parse_message(with_crlf(signed_report));
    CHECK(m.subject == "[CB-Report#20190911-10001234] Offene Memcached-Server in AS64496");
    REQUIRE(m.parts.size() == 2);
    CHECK(m.parts[0].text.find('\r') == std::string::npos);
    CHECK(m.parts[0].text.starts_with("Sehr geehrte Damen und Herren,\n\nFrom here:"));
    CHECK(m.parts[1].text == "\"asn\",\"ip\"\n\"64496\",\"192.0.2.1\"\n");
  }
  TEST_CASE("ISO-8859-1 quoted-printable body with umlauts and a 0x80 euro byte") {
    Message m = parse_message(
        "Content-Type: text/plain; charset=ISO-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "Gr=FC=DFe, 5 =80\n");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].text == "Grüße, 5 €\n");
  }
  TEST_CASE("8bit Windows-1252 body") {
    Message m = parse_message("Content-Type: text/plain; charset=windows-1252\n\n\x84Hallo\x93\n");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].text == "„Hallo“\n");
  }
  TEST_CASE("missing Content-Type means text/plain") {
    Message m = parse_message("Subject: plain\n\nline one\nline two\n");
    CHECK(m.content_type == "text/plain");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].content_type == "text/plain");
    CHECK(m.parts[0].text == "line one\nline two\n");
  }
  TEST_CASE("uppercase Content-Type is lowercased") {
    Message m = parse_message("Content-Type: Text/Plain; Charset=\"UTF-8\"\n\nx\n");
    CHECK(m.content_type == "text/plain");
    REQUIRE(m.parts.size() == 1);
  }
  TEST_CASE("RFC 2231 filename with continuations and charset") {
    Message m = parse_message(
        "Content-Type: multipart/mixed; boundary=b\n\n"
        "--b\n"
        "Content-Type: application/octet-stream\n"
        "Content-Disposition: attachment;\n"
        " filename*0*=UTF-8''Pr%C3%BCfung%20;\n"
        " filename*1=\"M\xC3\xA4rz.csv\"\n"
        "\n"
        "a,b\n"
        "--b--\n");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].filename == "Prüfung März.csv");
    CHECK(m.parts[0].is_csv());
  }
  TEST_CASE("filename from Content-Type name when Content-Disposition has none") {
    Message m = parse_message(
        "Content-Type: multipart/mixed; boundary=b\n\n"
        "--b\n"
        "Content-Type: application/octet-stream; name=\"my events.CSV\"\n"
        "Content-Disposition: attachment\n"
        "\n"
        "a,b\n"
        "--b--\n");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].filename == "my events.CSV");
    CHECK(m.parts[0].is_csv());
  }
  TEST_CASE("RFC 2231 filename wins over an RFC 2047 one") {
    Message m = parse_message(
        "Content-Type: text/csv\n"
        "Content-Disposition: attachment; filename=\"=?UTF-8?Q?old.csv?=\";\n"
        " filename*=UTF-8''new%20name.csv\n"
        "\n"
        "a,b\n");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].filename == "new name.csv");
  }
  TEST_CASE("RFC 2047 encoded filename") {
    Message m = parse_message("Content-Type: application/octet-stream; name=\"=?UTF-8?Q?Pr=C3=BCfung.csv?=\"\n\na,b\n");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].filename == "Prüfung.csv");
  }
  TEST_CASE("binary attachment that is not CSV is left out") {
    Message m = parse_message(
        "Content-Type: multipart/mixed; boundary=b\n\n"
        "--b\n\nbody\n"
        "--b\n"
        "Content-Type: application/pdf; name=\"report.pdf\"\n"
        "Content-Transfer-Encoding: base64\n\nJVBERi0=\n"
        "--b--\n");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].text == "body");
  }
  TEST_CASE("missing final boundary") {
    Message m = parse_message(
        "Content-Type: multipart/mixed; boundary=b\n\n"
        "--b\n\nfirst\n"
        "--b\n"
        "Content-Type: text/csv\n\na,b\n");
    REQUIRE(m.parts.size() == 2);
    CHECK(m.parts[0].text == "first");
    CHECK(m.parts[1].text.starts_with("a,b\n"));
  }
  TEST_CASE("boundary with trailing whitespace") {
    Message m = parse_message(
        "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
        "--b  \n"
        "Content-Type: text/csv; charset=utf-8\n"
        "\n"
        "a,b\n"
        "--b-- \t\n");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].content_type == "text/csv");
    CHECK(m.parts[0].text == "a,b");
  }
  TEST_CASE("message/rfc822 child is walked") {
    Message m = parse_message(
        "Subject: Fwd\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\n\nforwarded below\n"
        "--b\n"
        "Content-Type: message/rfc822\n\n"
        "Subject: inner\n"
        "Content-Type: text/plain; charset=iso-8859-1\n\n"
        "inner \xE4\n"
        "--b--\n");
    CHECK(m.subject == "Fwd");
    REQUIRE(m.parts.size() == 2);
    CHECK(m.parts[0].text == "forwarded below");
    CHECK(m.parts[1].text.starts_with("inner ä"));
  }
  TEST_CASE("message with no newline at the end of its headers") {
    Message m = parse_message("Subject: only headers\nMessage-ID: <a@b>");
    CHECK(m.subject == "only headers");
    CHECK(m.message_id == "<a@b>");
  }
  TEST_CASE("headers-only message ending in a newline keeps its last header") {
    Message m = parse_message("Subject: s\r\nDate: Wed, 11 Sep 2019 10:50:12 +0000\r\n");
    CHECK(m.subject == "s");
    CHECK(m.date == "Wed, 11 Sep 2019 10:50:12 +0000");
  }
  TEST_CASE("body without a final newline") {
    Message m = parse_message("Subject: s\n\nlast line");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].text.starts_with("last line"));
  }
  TEST_CASE("empty input and garbage") {
    Message empty = parse_message("");
    CHECK(empty.subject.empty());
    for (const Part& p : empty.parts) CHECK(p.text.empty());
    Message m = parse_message(std::string("\0\xFF\n--\n\n=?=?", 9));
    CHECK(m.subject.empty());
  }
  TEST_CASE("every truncation of a signed report parses") {
    std::string whole = signed_report;
    size_t with_parts = 0;
    for (size_t n = 0; n <= whole.size(); ++n) {
      Message m = parse_message(std::string_view(whole).substr(0, n));
      for (const Part& p : m.parts) CHECK((p.content_type == "text/plain" || p.content_type == "text/csv"));
      if (!m.parts.empty()) ++with_parts;
    }
    CHECK_FALSE(parse_message(whole).parts.empty());
    CHECK(with_parts > 0);
  }
  TEST_CASE("text_message wraps a plaintext as one text/plain part") {
    Message m = text_message("[CERT-Bund#2015020428001061]", "Format:\r\nrow\r\n");
    CHECK(m.subject == "[CERT-Bund#2015020428001061]");
    CHECK(m.content_type == "text/plain");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].text == "Format:\nrow\n");
  }
}

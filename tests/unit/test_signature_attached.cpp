// attached_mails(): a report forwarded as an attachment comes out as the
// exact bytes CERT-Bund signed, and verifies as a mail of its own.

#include <doctest/doctest.h>

#include <cstdio>

#include "certbund/util.hpp"
#include "forwarded_mail.hpp"
#include "signature_fixture.hpp"

using namespace certbund;
using namespace certbund::test;

TEST_SUITE("signature") {
  TEST_CASE("a report forwarded as message/rfc822 comes out byte for byte and verifies on its own") {
    const std::string inner = sample("cbreport-redis-inline.eml");
    const std::string carrier = forward(inner);
    auto attached = attached_mails(carrier);
    REQUIRE(attached.size() == 1);
    CHECK(attached[0] == inner);
    CHECK(verifier().verify(attached[0]).verdict == Verdict::verified);
    // The carrier itself is not signed: its text is never a report.
    CHECK(verifier().verify(carrier).verdict == Verdict::unsigned_);
  }

  TEST_CASE("attached mails in the shapes mail clients and ticket systems send") {
    const std::string inner = sample("legacy-memcached.eml");
    SUBCASE("base64, though RFC 2046 does not allow it") {
      // legacy-memcached.eml in base64, 76 columns.
      std::string b64 = std::string(CERTBUND_SOURCE_DIR);
      std::FILE* p = popen(("base64 -w 76 " + b64 + "/samples/mails/legacy-memcached.eml").c_str(), "r");
      REQUIRE(p != nullptr);
      std::string encoded;
      for (int c; (c = std::fgetc(p)) != EOF;) encoded += static_cast<char>(c);
      pclose(p);
      auto attached =
          attached_mails(forward(encoded, "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n"));
      REQUIRE(attached.size() == 1);
      CHECK(attached[0] == inner);
    }
    SUBCASE("a saved .eml file as application/octet-stream") {
      auto attached = attached_mails(forward(inner, "Content-Type: application/octet-stream; name=\"Report.EML\"\n"));
      REQUIRE(attached.size() == 1);
      CHECK(attached[0] == inner);
    }
    SUBCASE("inside a multipart/alternative-and-attachment forward, CRLF") {
      std::string carrier = to_crlf(
          "Subject: Fwd: report\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"a\"\n\n"
          "--a\nContent-Type: multipart/alternative; boundary=\"b\"\n\n"
          "--b\nContent-Type: text/plain\n\nFYI\n--b\nContent-Type: text/html\n\n<p>FYI</p>\n--b--\n"
          "--a\nContent-Type: message/rfc822\n\n" +
          inner + "\n--a--\n");
      auto attached = attached_mails(carrier);
      REQUIRE(attached.size() == 1);
      CHECK(attached[0] == to_crlf(inner));
      CHECK(verifier().verify(attached[0]).verdict == Verdict::verified);
    }
  }

  TEST_CASE("what an attached mail carries is left to it, and a plain mail carries nothing") {
    const std::string inner = sample("cbreport-redis-inline.eml");
    const std::string once = forward(inner);
    auto outer = attached_mails(forward(once));
    REQUIRE(outer.size() == 1);
    CHECK(outer[0] == once);
    CHECK(attached_mails(outer[0]) == std::vector<std::string>{inner});
    CHECK(attached_mails(inner).empty());
    CHECK(attached_mails(sample("legacy-memcached.eml")).empty());
    CHECK(attached_mails("Content-Type: message/rfc822\n\nSubject: x\n\nnot an attachment: the mail itself\n").empty());
  }

  TEST_CASE("a tampered attached report is a bad signature, as it would be on its own") {
    std::string inner = sample("cbreport-redis-inline.eml");
    auto at = inner.find("192.0.2.");
    REQUIRE(at != std::string::npos);
    inner[at + 8] = inner[at + 8] == '9' ? '8' : '9';
    auto attached = attached_mails(forward(inner));
    REQUIRE(attached.size() == 1);
    CHECK(verifier().verify(attached[0]).verdict == Verdict::bad_signature);
  }
}

#include <doctest/doctest.h>

#include "signature_fixture.hpp"

using namespace certbund;
using namespace certbund::test;

TEST_SUITE("signature") {
  TEST_CASE("PGP/MIME reports by the trusted key verify") {
    for (const char* name : {"cbreport-redis-inline.eml", "cbreport-snmp-eventscsv.eml", "cbreport-exchange-german.eml",
                             "cbreport-ntp-ipv6.eml"}) {
      CAPTURE(name);
      auto v = verifier().verify(sample(name));
      CHECK(v.verdict == Verdict::verified);
      CHECK(v.kind == SignatureKind::pgp_mime);
      CHECK(v.signer == fingerprints()["trusted"]);
    }
  }

  TEST_CASE("clear-signed legacy mail verifies and loses its armor") {
    auto v = verifier().verify(sample("legacy-memcached.eml"));
    CHECK(v.verdict == Verdict::verified);
    CHECK(v.kind == SignatureKind::pgp_inline);
    CHECK(v.signer == fingerprints()["trusted"]);
    REQUIRE(v.content.parts.size() == 1);
    const std::string& text = v.content.parts[0].text;
    CHECK(text.find(" 64496 | 192.0.2.17") != std::string::npos);
    CHECK(text.find("BEGIN PGP") == std::string::npos);
    CHECK(text.find("\n- ---") == std::string::npos);  // dash-escapes removed
    CHECK(text.find("\n-------") != std::string::npos);
    CHECK(v.content.subject == "[CERT-Bund#2015020428001061] Offene Memcached-Server");
  }

  TEST_CASE("clear-signed prose ticket in quoted-printable verifies") {
    auto v = verifier().verify(sample("mssql-manual-prose.eml"));
    CHECK(v.verdict == Verdict::verified);
    CHECK(v.kind == SignatureKind::pgp_inline);
    CHECK(contains(v.content, "\nFrom our records"));  // dash-escaped "From " restored
    CHECK(contains(v.content, "192.0.2.66"));
  }

  TEST_CASE("S/MIME with an untrusted chain verifies by the pinned certificate") {
    auto v = verifier().verify(sample("ticket-smime-ddos.eml"));
    CHECK(v.verdict == Verdict::verified);
    CHECK(v.kind == SignatureKind::smime);
    CHECK(v.signer == fingerprints()["smime"]);
    CHECK(contains(v.content, "2023-06-13 21:04:55;192.0.2.53;53"));
    CHECK(v.content.subject == "[CERT-Bund#2023061428000123] DDoS-Reflexion über offene DNS-Resolver");
  }

  TEST_CASE("S/MIME certificate not pinned is untrusted") {
    auto trust = sample_trust();
    trust.smime_fingerprints.clear();
    Verifier v(trust);
    CHECK(v.verify(sample("ticket-smime-ddos.eml")).verdict == Verdict::untrusted_key);
  }

  TEST_CASE("IP changed after signing is a bad signature") {
    auto v = verifier().verify(sample("tampered-redis.eml"));
    CHECK(v.verdict == Verdict::bad_signature);
    CHECK(v.signer.empty());
    CHECK(v.detail.find("bad signature") != std::string::npos);
  }

  TEST_CASE("unsigned report keeps the whole message as content") {
    auto v = verifier().verify(sample("unsigned-mongodb.eml"));
    CHECK(v.verdict == Verdict::unsigned_);
    CHECK(v.kind == SignatureKind::none);
    CHECK(contains(v.content, "\"192.0.2.27\""));
  }

  TEST_CASE("good signature by a key not in the trusted list") {
    auto v = verifier().verify(sample("untrusted-memcached.eml"));
    CHECK(v.verdict == Verdict::untrusted_key);
    CHECK(v.signer == fingerprints()["untrusted"]);
  }

  TEST_CASE("signature by an expired key") {
    auto v = verifier().verify(sample("expired-ssdp.eml"));
    CHECK(v.verdict == Verdict::expired_key);
    CHECK(v.signer == fingerprints()["expired"]);
  }

  TEST_CASE("signature by a revoked key") {
    auto v = verifier().verify(sample("revoked-dns.eml"));
    CHECK(v.verdict == Verdict::revoked_key);
    CHECK(v.signer == fingerprints()["revoked"]);
  }

  TEST_CASE("list footer outside the signed part never reaches content") {
    auto v = verifier().verify(sample("forwarded-unsigned-rows.eml"));
    CHECK(v.verdict == Verdict::verified);
    CHECK(v.kind == SignatureKind::pgp_mime);
    CHECK(contains(v.content, "\"192.0.2.111\""));
    CHECK_FALSE(contains(v.content, "192.0.2.99"));
    CHECK_FALSE(contains(v.content, "mailing list"));
  }

  TEST_CASE("events.csv attachment inside the signed entity is kept") {
    auto v = verifier().verify(sample("cbreport-snmp-eventscsv.eml"));
    REQUIRE(v.content.parts.size() == 2);
    CHECK(v.content.parts[1].is_csv());
    CHECK(v.content.parts[1].text.find("\"203.0.113.44\"") != std::string::npos);
  }

}  // TEST_SUITE

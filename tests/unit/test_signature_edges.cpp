#include <doctest/doctest.h>

#include <regex>

#include "certbund/util.hpp"
#include "signature_fixture.hpp"

using namespace certbund;
using namespace certbund::test;

namespace {

std::string with_crlf(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

const char* k_unsigned_armor =
    "From: someone@example.org\nSubject: armor only\nContent-Type: text/plain\n\n"
    "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n"
    "\"64496\",\"192.0.2.1\",\"2024-01-01 00:00:00\"\n";

}  // namespace

TEST_SUITE("signature") {
  TEST_CASE("LF-stored PGP/MIME is canonicalised to CRLF before verifying") {
    std::string raw = sample("cbreport-redis-inline.eml");
    REQUIRE(raw.find('\r') == std::string::npos);
    CHECK(verifier().verify(raw).verdict == Verdict::verified);
  }

  TEST_CASE("CRLF line ends") {
    for (const char* name : {"cbreport-redis-inline.eml", "legacy-memcached.eml", "ticket-smime-ddos.eml",
                             "forwarded-unsigned-rows.eml"}) {
      CAPTURE(name);
      CHECK(verifier().verify(with_crlf(sample(name))).verdict == Verdict::verified);
    }
  }

  TEST_CASE("trailing whitespace on the boundary line") {
    std::string raw =
        std::regex_replace(sample("cbreport-ntp-ipv6.eml"), std::regex("(\n--=+[0-9a-f]+==)\n"), "$1 \t\n");
    REQUIRE(raw.find("== \t\n") != std::string::npos);
    auto v = verifier().verify(raw);
    CHECK(v.verdict == Verdict::verified);
    CHECK(contains(v.content, "2001:db8:10::5"));
  }

  TEST_CASE("armor with no signature") {
    auto v = verifier().verify(k_unsigned_armor);
    CHECK(v.kind == SignatureKind::pgp_inline);
    CHECK(v.verdict == Verdict::bad_signature);
    CHECK(v.detail == "no signature found in the signed part");
  }

  TEST_CASE("multipart/signed without its signature part") {
    std::string raw = sample("cbreport-redis-inline.eml");
    raw.erase(raw.find("\n--", raw.find("Content-Transfer-Encoding")));
    auto v = verifier().verify(raw);
    CHECK(v.kind == SignatureKind::pgp_mime);
    CHECK(v.verdict == Verdict::bad_signature);
  }

  TEST_CASE("text around the cleartext block never reaches content") {
    std::string raw = sample("legacy-memcached.eml");
    raw = replace_all(raw, "-----BEGIN PGP SIGNED MESSAGE-----",
                      "INJECTED 192.0.2.98\n-----BEGIN PGP SIGNED MESSAGE-----");
    raw = replace_all(raw, "-----END PGP SIGNATURE-----", "-----END PGP SIGNATURE-----\nINJECTED 192.0.2.99");
    auto v = verifier().verify(raw);
    CHECK(v.verdict == Verdict::verified);
    CHECK_FALSE(contains(v.content, "INJECTED"));
  }

  TEST_CASE("dash-escape removed by an attacker breaks the signature") {
    std::string raw = replace_all(sample("legacy-memcached.eml"), "\n- ----", "\n----");
    CHECK(verifier().verify(raw).verdict == Verdict::bad_signature);
  }

  TEST_CASE("signer missing from the keyring is an unknown key") {
    char tmpl[] = "/tmp/cbsigXXXXXX";
    std::string home = mkdtemp(tmpl);
    {
      Verifier empty({home, {fingerprints()["trusted"]}, {}});
      auto v = empty.verify(sample("cbreport-redis-inline.eml"));
      CHECK(v.verdict == Verdict::unknown_key);
      CHECK(v.detail.find("A19B0C02") != std::string::npos);
    }
    std::system(("gpgconf --homedir " + home + " --kill all >/dev/null 2>&1").c_str());
    std::filesystem::remove_all(home);
  }

  TEST_CASE("trusted fingerprints compare in any case, with spaces") {
    std::string spaced;
    for (char c : to_lower(fingerprints()["trusted"])) {
      spaced += c;
      if (spaced.size() % 5 == 4) spaced += ' ';
    }
    Verifier v({Keyring::home(), {spaced}, {}});
    CHECK(v.verify(sample("cbreport-exchange-german.eml")).verdict == Verdict::verified);
  }

  TEST_CASE("keyring directory that does not exist is a config failure") {
    try {
      Verifier v({"/nonexistent/certbund-gnupg", {}, {}});
      FAIL("no Failure thrown");
    } catch (const Failure& f) {
      CHECK(f.exit() == Exit::config);
    }
  }

  TEST_CASE("garbage is unsigned, not an exception") {
    for (std::string raw : {std::string(), std::string("\n\n\n"), std::string("garbage without headers")}) {
      CHECK(verifier().verify(raw).verdict == Verdict::unsigned_);
    }
    // A multipart/signed without parts has no signature to check: never verified.
    Verification broken =
        verifier().verify("Content-Type: multipart/signed; protocol=\"application/pgp-signature\"\n\n");
    CHECK(broken.verdict != Verdict::verified);
    CHECK(verifier().verify("Subject: x\n\nhello\n").verdict == Verdict::unsigned_);
  }

  TEST_CASE("unverified content strips armor, Hash header and dash-escapes") {
    auto v = unverified_content(sample("legacy-memcached.eml"));
    CHECK(v.kind == SignatureKind::pgp_inline);
    CHECK(v.verdict == Verdict::unsigned_);
    REQUIRE(v.content.parts.size() == 1);
    const std::string& text = v.content.parts[0].text;
    CHECK(text.starts_with("[CERT-Bund#2015020428001061]\n"));
    CHECK(text.find("Hash:") == std::string::npos);
    CHECK(text.find("PGP SIGNATURE") == std::string::npos);
    CHECK(text.find("\n- ") == std::string::npos);
    CHECK(text.find("Zeitstempel. Wurde") != std::string::npos);
    CHECK(text.find("          \n") == std::string::npos);  // trailing blanks stripped, as gpg does
  }

  TEST_CASE("unverified content of PGP/MIME holds only the signed entity") {
    auto v = unverified_content(sample("forwarded-unsigned-rows.eml"));
    CHECK(v.kind == SignatureKind::pgp_mime);
    CHECK(contains(v.content, "\"192.0.2.111\""));
    CHECK_FALSE(contains(v.content, "192.0.2.99"));
    CHECK(v.content.subject == "[CB-Report#20240502-10006789] Offene Portmapper-Dienste in AS64496");
  }

  TEST_CASE("unverified content shows a tampered row as it is") {
    auto v = unverified_content(sample("tampered-redis.eml"));
    CHECK(contains(v.content, "\"198.51.100.8\""));
  }

}  // TEST_SUITE

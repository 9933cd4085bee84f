// Verification::signed_id: what the signature covers and who signed it
// when, so the same signed report under other headers or line endings is
// recognised, and any change to the signed bytes is not.

#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "signature_fixture.hpp"

using namespace certbund;
using certbund::test::sample;
using certbund::test::verifier;

namespace {

std::string with_subject(const std::string& raw, const std::string& subject) {
  return std::regex_replace(raw, std::regex("^Subject: [^\n]*", std::regex::multiline), "Subject: " + subject,
                            std::regex_constants::format_first_only);
}

}  // namespace

TEST_SUITE("signature") {
  TEST_CASE("signed id: the same for another Subject and for CRLF, per kind of signature") {
    for (const char* name : {"cbreport-redis-inline.eml", "legacy-memcached.eml", "ticket-smime-ddos.eml"}) {
      CAPTURE(name);
      const std::string raw = sample(name);
      Verification v = verifier().verify(raw);
      REQUIRE(v.verdict == Verdict::verified);
      REQUIRE(v.signed_id.size() == 64);
      CHECK(verifier().verify(with_subject(raw, "[CB-Report#20991231-99999999] Offene Telnet-Server")).signed_id ==
            v.signed_id);
      CHECK(verifier().verify(to_crlf(raw)).signed_id == v.signed_id);
    }
  }

  TEST_CASE("signed id: different reports differ; mails not verified have none") {
    CHECK(verifier().verify(sample("cbreport-redis-inline.eml")).signed_id !=
          verifier().verify(sample("cbreport-ntp-ipv6.eml")).signed_id);
    for (const char* name : {"unsigned-mongodb.eml", "untrusted-memcached.eml", "tampered-redis.eml"}) {
      CAPTURE(name);
      Verification v = verifier().verify(sample(name));
      CHECK(v.verdict != Verdict::verified);
      CHECK(v.signed_id.empty());
    }
  }
}

TEST_SUITE("signature") {
  // One verifier over many mails (as a run's workers use it): a copy under
  // other headers is judged the same, and a changed signed byte is never
  // taken for the good signature seen before.
  TEST_CASE("one verifier judges a copy as the original and a tampered copy as bad") {
    Verifier recalling(test::sample_trust(), {});
    for (const char* name : {"cbreport-redis-inline.eml", "legacy-memcached.eml", "ticket-smime-ddos.eml"}) {
      CAPTURE(name);
      const std::string raw = sample(name);
      Verification first = recalling.verify(raw);
      REQUIRE(first.verdict == Verdict::verified);
      Verification copy = recalling.verify(with_subject(raw, "[CB-Report#20991231-99999999] copy"));
      CHECK(copy.verdict == Verdict::verified);
      CHECK(copy.signer == first.signer);
      CHECK(copy.signed_id == first.signed_id);
      CHECK(copy.content.subject.starts_with("[CB-Report#20991231-99999999] copy"));
      CHECK(copy.content.parts.size() == first.content.parts.size());
      if (!first.content.parts.empty()) CHECK(copy.content.parts[0].text == first.content.parts[0].text);
    }
    CHECK(recalling.verify(sample("tampered-redis.eml")).verdict == Verdict::bad_signature);
    CHECK(recalling.verify(sample("cbreport-redis-inline.eml")).verdict == Verdict::verified);
    CHECK(recalling.verify(sample("tampered-redis.eml")).verdict == Verdict::bad_signature);
  }
}

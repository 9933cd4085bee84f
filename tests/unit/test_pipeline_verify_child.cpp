// VerifyChild: a verifier in a process of its own hands back exactly what
// the verifier says, and the failures it throws.

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "signature_fixture.hpp"
#include "verify_child.hpp"

using namespace certbund;
using certbund::test::sample;

namespace {

void check_same(const Verification& got, const Verification& want) {
  CHECK(got.verdict == want.verdict);
  CHECK(got.kind == want.kind);
  CHECK(got.signer == want.signer);
  CHECK(got.detail == want.detail);
  CHECK(got.signed_id == want.signed_id);
  CHECK(got.content.subject == want.content.subject);
  CHECK(got.content.from == want.content.from);
  CHECK(got.content.message_id == want.content.message_id);
  CHECK(got.content.date == want.content.date);
  CHECK(got.content.content_type == want.content.content_type);
  CHECK(got.content.problems == want.content.problems);
  REQUIRE(got.content.parts.size() == want.content.parts.size());
  for (std::size_t i = 0; i < want.content.parts.size(); ++i) {
    CHECK(got.content.parts[i].content_type == want.content.parts[i].content_type);
    CHECK(got.content.parts[i].filename == want.content.parts[i].filename);
    CHECK(got.content.parts[i].text == want.content.parts[i].text);
  }
}

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("a verifier process hands back what the verifier says, field by field") {
    const TrustConfig trust = test::sample_trust();  // the keyring is made here, not in the child
    Verifier here(trust, MimeLimits(2));
    VerifyChild child([trust] { return std::make_unique<Verifier>(trust, MimeLimits(2)); }, {});
    for (const char* name : {"cbreport-redis-inline.eml", "legacy-memcached.eml", "tampered-redis.eml",
                             "unsigned-mongodb.eml", "ticket-smime-ddos.eml", "cbreport-ntp-ipv6.eml"}) {
      CAPTURE(name);
      const std::string raw = sample(name);
      check_same(child.verify(raw), here.verify(raw));
    }
    std::string large(3 << 20, 'x');  // more than one socket buffer each way
    large.insert(0, "Subject: large\n\n");
    check_same(child.verify(large), here.verify(large));
  }

  TEST_CASE("a verifier process whose verifier cannot be made fails each mail with its error") {
    VerifyChild child(
        [] {
          return std::make_unique<Verifier>(TrustConfig{"/nonexistent/certbund-gnupg", {}, {}});
        },
        {});
    for (int i = 0; i < 2; ++i) {
      try {
        child.verify(sample("cbreport-redis-inline.eml"));
        FAIL("no failure");
      } catch (const Failure& e) {
        CHECK(e.exit() == Exit::config);
        CHECK(std::string(e.what()).find("/nonexistent/certbund-gnupg") != std::string::npos);
      }
    }
  }
}

// A signed report is identified by what its signature covers: the same
// signed report under another Subject or other line endings is a
// duplicate of the first, and the Subject never decides the service.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <sstream>
#include <string>

#include "certbund/pipeline.hpp"
#include "pipeline_fixture.hpp"

using namespace certbund;

namespace {

constexpr UnixTime k_now = 1705302000;  // 2024-01-15T07:00:00Z

std::string hostile(const std::string& name) {
  std::ifstream in(std::filesystem::path(CERTBUND_SOURCE_DIR) / "tests/inputs/hostile" / name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

using Fixture = certbund::test::SampleDesk;

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("signed id: the forged-Subject resend is a duplicate of the original, nothing made") {
    Fixture f;
    MailOutcome first = f.pipeline.ingest(hostile("forged-subject-original.eml"), "a.eml", k_now);
    REQUIRE(first.status == MailStatus::parsed);
    CHECK(first.service == "redis");
    CHECK(first.new_events == 2);
    const std::int64_t notices = f.count("SELECT count(*) FROM outbox");
    CHECK(notices > 0);
    MailOutcome again = f.pipeline.ingest(hostile("forged-subject-other-service.eml"), "b.eml", k_now + 60);
    CHECK(again.duplicate);
    CHECK(again.duplicate_of == first.mail_id);
    CHECK(again.status == MailStatus::duplicate);
    CHECK(again.new_events == 0);
    CHECK(again.notices == 0);
    CHECK(f.count("SELECT count(*) FROM events") == 2);
    CHECK(f.count("SELECT count(*) FROM incidents WHERE service = 'telnet'") == 0);
    CHECK(f.count("SELECT count(*) FROM outbox") == notices);
    auto info = f.store.mail(again.mail_id);
    REQUIRE(info);
    CHECK(info->status == MailStatus::duplicate);
    CHECK(info->duplicate_of == first.mail_id);
    CHECK(info->signed_id == f.store.mail(first.mail_id)->signed_id);
    CHECK(info->signed_id.size() == 64);
    CHECK(describe("b.eml", again) ==
          "b.eml: mail 2 verified: the signed report of mail 1 again, kept as a duplicate, "
          "nothing made of it");
    IngestTotals totals;
    totals.add(again);
    CHECK(totals.duplicates == 1);
    CHECK_FALSE(needs_attention(again));
  }

  TEST_CASE("signed id: CRLF (IMAP) and LF (pipe) copies of one signed report are one report") {
    Fixture f;
    std::string lf = hostile("forged-subject-original.eml");
    std::string crlf = to_crlf(lf);
    REQUIRE(crlf != lf);
    MailOutcome first = f.pipeline.ingest(crlf, "imap", k_now);
    MailOutcome second = f.pipeline.ingest(lf, "pipe", k_now);
    CHECK(first.new_events == 2);
    CHECK(second.duplicate_of == first.mail_id);
    CHECK(f.count("SELECT count(*) FROM mails") == 2);  // both kept
  }

  TEST_CASE("signed id: reparsing the original keeps it the original, the duplicate stays one") {
    Fixture f;
    MailOutcome first = f.pipeline.ingest(hostile("forged-subject-original.eml"), "a.eml", k_now);
    MailOutcome again = f.pipeline.ingest(hostile("forged-subject-other-service.eml"), "b.eml", k_now);
    CHECK(f.pipeline.reparse(first.mail_id, k_now).status == MailStatus::parsed);
    CHECK(f.pipeline.reparse(again.mail_id, k_now).duplicate_of == first.mail_id);
    CHECK(f.count("SELECT count(*) FROM events") == 2);
  }

  TEST_CASE("signed id: the Telnet resend alone is redis from its signed rows, with a note") {
    Fixture f;
    MailOutcome alone = f.pipeline.ingest(hostile("forged-subject-other-service.eml"), "b.eml", k_now);
    CHECK(alone.status == MailStatus::parsed);
    CHECK(alone.service == "redis");
    REQUIRE(alone.notes.size() == 1);
    CHECK(alone.notes[0].find("the Subject names telnet") == 0);
    CHECK(f.count("SELECT count(*) FROM incidents WHERE service = 'telnet'") == 0);
    CHECK(f.count("SELECT count(*) FROM outbox") > 0);
    CHECK(f.count("SELECT count(*) FROM outbox WHERE CAST(bytes AS TEXT) LIKE '%Telnet%'") == 0);
  }

  TEST_CASE("signed id: unsigned and untrusted mails carry none") {
    Fixture f;
    MailOutcome unsigned_mail = f.pipeline.ingest(certbund::test::sample("unsigned-mongodb.eml"), "u.eml", k_now);
    CHECK(f.store.mail(unsigned_mail.mail_id)->signed_id.empty());
    CHECK(f.store.signed_original("", 0) == std::nullopt);
  }
}

// A signed report forwarded as an attachment: the attached mail is stored,
// verified and parsed as a mail of its own, the carrier's own text never
// gives a row, and the store keeps which mail carried which.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <vector>

#include "certbund/pipeline.hpp"
#include "forwarded_mail.hpp"
#include "pipeline_fixture.hpp"

using namespace certbund;
using certbund::test::forward;
using certbund::test::sample;

namespace {

constexpr UnixTime k_now = 1705400000;  // 2024-01-16T10:13:20Z

using Fixture = certbund::test::SampleDesk;

// Ingests `raw` with SQLite aborting at `when` (a trigger's timing and
// event, "BEFORE INSERT ON main.attached_mails"): a crash at that step.
void ingest_dying(Fixture& f, const std::string& raw, const std::string& when) {
  f.store.db().exec("CREATE TEMP TRIGGER crash " + when + " BEGIN SELECT RAISE(ABORT, 'killed'); END");
  CHECK_THROWS(f.pipeline.ingest(raw, "fwd.eml", k_now));
  f.store.db().exec("DROP TRIGGER crash");
}

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("a report forwarded as an attachment: its own signed rows, not the carrier's text") {
    Fixture f;
    const std::string report = sample("cbreport-redis-inline.eml");
    MailOutcome outcome = f.pipeline.ingest(forward(report), "fwd.eml", k_now);
    CHECK(outcome.verdict == Verdict::unsigned_);
    CHECK(outcome.status == MailStatus::rejected);
    REQUIRE(outcome.attached.size() == 1);
    const MailOutcome& inner = outcome.attached[0];
    CHECK(inner.verdict == Verdict::verified);
    CHECK(inner.status == MailStatus::parsed);
    CHECK(inner.ticket == "CB-Report#20240115-10001234");  // the attached mail's subject, not "Fwd: ... Telnet"
    CHECK(inner.service == "redis");
    CHECK(inner.rows == 3);
    CHECK(inner.notices > 0);
    CHECK_FALSE(needs_attention(outcome));
    CHECK(f.count("SELECT count(*) FROM events") == 3);
    CHECK(f.count("SELECT count(*) FROM events WHERE ip = '203.0.113.99'") == 0);
    CHECK(f.count("SELECT count(*) FROM reports WHERE mail_id = " + std::to_string(outcome.mail_id)) == 0);
    CHECK(f.store.attached_to(outcome.mail_id) == std::vector<std::int64_t>{inner.mail_id});
    CHECK(f.store.carriers_of(inner.mail_id) == std::vector<std::int64_t>{outcome.mail_id});
    CHECK(f.store.mail_raw(inner.mail_id) == report);
    CHECK(f.store.mail(inner.mail_id)->origin == "fwd.eml, attached mail 1");
    CHECK(describe("fwd.eml", outcome) ==
          "fwd.eml: mail 1 unsigned: kept, not processed (no signature); attached mail 2 verified "
          "CB-Report#20240115-10001234 redis: 3 rows, 3 new events, 0 unassigned, " +
              std::to_string(inner.notices) + " notices queued");
    IngestTotals totals;
    totals.add(outcome);
    CHECK(totals.mails == 2);
    CHECK(totals.verified == 1);
    CHECK(totals.notices == inner.notices);
  }

  TEST_CASE("the same report directly and forwarded, or forwarded twice: stored once, notified once") {
    Fixture f;
    const std::string report = sample("cbreport-redis-inline.eml");
    MailOutcome direct = f.pipeline.ingest(report, "direct.eml", k_now);
    const auto notices = f.count("SELECT count(*) FROM outbox");
    MailOutcome forwarded = f.pipeline.ingest(forward(report), "fwd.eml", k_now + 60);
    REQUIRE(forwarded.attached.size() == 1);
    CHECK(forwarded.attached[0].duplicate);
    CHECK(forwarded.attached[0].mail_id == direct.mail_id);
    MailOutcome again = f.pipeline.ingest(forward(report), "fwd2.eml", k_now + 120);
    CHECK(f.store.carriers_of(direct.mail_id) == std::vector<std::int64_t>{forwarded.mail_id, again.mail_id});
    CHECK(f.count("SELECT count(*) FROM outbox") == notices);
    CHECK(f.count("SELECT count(*) FROM mails") == 3);
    CHECK_FALSE(needs_attention(forwarded));
  }

  TEST_CASE("a forwarded report that does not verify is kept and listed, never parsed") {
    Fixture f;
    for (const char* name : {"tampered-redis.eml", "untrusted-memcached.eml", "unsigned-mongodb.eml"}) {
      CAPTURE(name);
      MailOutcome outcome = f.pipeline.ingest(forward(sample(name)), std::string("fwd-") + name, k_now);
      REQUIRE(outcome.attached.size() == 1);
      CHECK(outcome.attached[0].verdict != Verdict::verified);
      CHECK(outcome.attached[0].status == MailStatus::rejected);
      CHECK(needs_attention(outcome));
    }
    CHECK(f.count("SELECT count(*) FROM events") == 0);
    CHECK(f.count("SELECT count(*) FROM outbox") == 0);
  }

  TEST_CASE("a forward of a forward reaches the report; a carrier with nothing attached is an unsigned mail") {
    Fixture f;
    MailOutcome outcome = f.pipeline.ingest(forward(forward(sample("legacy-memcached.eml"))), "fwd2.eml", k_now);
    REQUIRE(outcome.attached.size() == 1);
    REQUIRE(outcome.attached[0].attached.size() == 1);
    CHECK(outcome.attached[0].verdict == Verdict::unsigned_);
    CHECK(outcome.attached[0].attached[0].verdict == Verdict::verified);
    CHECK(outcome.attached[0].attached[0].service == "memcached");
    CHECK(f.count("SELECT count(*) FROM events") == 2);
    MailOutcome plain = f.pipeline.ingest(sample("unsigned-mongodb.eml"), "plain.eml", k_now);
    CHECK(plain.attached.empty());
    CHECK(needs_attention(plain));
  }

  TEST_CASE("a carrier stored before this version: reparse finds and processes what it carries") {
    Fixture f;
    const std::string carrier = forward(sample("cbreport-redis-inline.eml"));
    std::int64_t id = 0;
    {
      Store::Transaction tx(f.store);
      id = f.store.add_mail({carrier, "old.eml", "Fwd: report", "colleague", "<m@x>"}, k_now);
      f.store.set_verification(id, {Verdict::unsigned_, SignatureKind::none, "", "no signature", ""});
      tx.commit();
    }
    MailOutcome outcome = f.pipeline.reparse(id, k_now);
    REQUIRE(outcome.attached.size() == 1);
    CHECK(outcome.attached[0].verdict == Verdict::verified);
    CHECK(f.count("SELECT count(*) FROM events") == 3);
    MailOutcome again = f.pipeline.reparse(id, k_now);
    REQUIRE(again.attached.size() == 1);
    CHECK(again.attached[0].duplicate);
    CHECK(f.count("SELECT count(*) FROM events") == 3);
  }

  TEST_CASE("a crash after storing a carrier: the attached mail is pending and finished like any other") {
    Fixture f;
    const std::string carrier = forward(sample("cbreport-redis-inline.eml"));
    // The store transaction of ingest() committed, then the process died.
    ingest_dying(f, carrier, "BEFORE UPDATE OF verdict ON main.mails");
    CHECK(f.store.pending_mails().size() == 2);
    std::vector<std::string> log;
    CHECK(f.pipeline.recover_pending(k_now, [&](const std::string& line) { log.push_back(line); }) == 2);
    CHECK(f.count("SELECT count(*) FROM events") == 3);
    MailOutcome again = f.pipeline.ingest(carrier, "fwd.eml", k_now);
    CHECK(again.duplicate);
  }

  TEST_CASE("the carrier is committed before its MIME tree is read for attached mails") {
    Fixture f;
    const std::string carrier = forward(sample("cbreport-redis-inline.eml"));
    // A failure (or a crash) while the attached mails are stored.
    ingest_dying(f, carrier, "BEFORE INSERT ON main.attached_mails");
    CHECK(f.count("SELECT count(*) FROM mails WHERE status = 'pending' AND origin = 'fwd.eml'") == 1);
    // Recovery stores what it carries and finishes both.
    CHECK(f.pipeline.recover_pending(k_now, [](const std::string&) {}) == 1);
    CHECK(f.count("SELECT count(*) FROM mails WHERE status = 'pending'") == 0);
    CHECK(f.count("SELECT count(*) FROM attached_mails") == 1);
    CHECK(f.count("SELECT count(*) FROM events") == 3);
  }
}

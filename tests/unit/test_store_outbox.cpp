#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace store_test;

namespace {
NewNotice notice(std::string message_id) {
  return {std::move(message_id),
          "Offene Memcached-Server",
          "abuse@example.net",
          {"abuse@muster.example", "noc@muster.example"},
          "Subject: x\r\n\r\nbody\r\n"};
}
}  // namespace

TEST_SUITE("store") {
  TEST_CASE("outbox: queued item is due, keeps bytes, recipients and ticket") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const auto id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    auto due = f.store.due(k_t0);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == id);
    CHECK(due[0].status == OutboxStatus::queued);
    CHECK(due[0].attempts == 0);
    CHECK(due[0].ticket == "CB-Report#1");
    CHECK(due[0].to == std::vector<std::string>{"abuse@muster.example", "noc@muster.example"});
    CHECK(due[0].bytes == "Subject: x\r\n\r\nbody\r\n");
    CHECK(f.store.due(k_t0 - 1).empty());
  }
  TEST_CASE("outbox retry and failure states") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const auto retried = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    const auto failed = f.store.enqueue(notice("<n2@example.net>"), "c1002", report_id, k_t0);
    f.store.mark_retry(retried, "421 try later", k_t0 + 300);
    f.store.mark_failed(failed, "550 no such user", k_t0);
    CHECK(f.store.due(k_t0 + 299).empty());
    auto due = f.store.due(k_t0 + 300);
    REQUIRE(due.size() == 1);
    CHECK(due[0].attempts == 1);
    CHECK(due[0].last_reply == "421 try later");
    f.store.mark_sent(retried, "250 ok", k_t0 + 301);
    CHECK(f.store.due(k_t0 + 100 * k_day).empty());  // a sent item is never due again
    auto all = f.store.outbox();
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == failed);  // newest first
    CHECK(all[0].status == OutboxStatus::failed);
    CHECK(all[0].last_reply == "550 no such user");
    CHECK(all[1].status == OutboxStatus::sent);
    CHECK(all[1].attempts == 2);
    CHECK(all[1].sent_at == k_t0 + 301);
  }
  TEST_CASE("outbox: a second enqueue of the same Message-ID is refused as bad data, the first stays") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    try {
      f.store.enqueue(notice("<n1@example.net>"), "c1002", report_id, k_t0);
      FAIL("the second enqueue was accepted");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::data);
    }
    const auto all = f.store.outbox();
    REQUIRE(all.size() == 1);
    CHECK(all[0].customer == "c1001");
  }
  TEST_CASE("outbox claims: only one claimer gets a queued notice, and it is sending with who and when") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const auto id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    // A second connection to the same file, as another notify run has.
    Store other(f.dir.path / "db" / "certbund.sqlite");
    auto first = f.store.claim_notice(id, "host:1", k_t0);
    REQUIRE(first);
    CHECK(first->status == OutboxStatus::sending);
    CHECK(first->claimed_by == "host:1");
    CHECK(first->claimed_at == k_t0);
    REQUIRE(first->recipients.size() == 2);
    CHECK(first->recipients[0].status == RecipientStatus::sending);
    CHECK_FALSE(other.claim_notice(id, "host:2", k_t0));
    CHECK(other.due(k_t0).empty());
    REQUIRE(other.claims().size() == 1);
    CHECK(other.claims()[0].claimed_by == "host:1");
  }
  TEST_CASE("outbox claims: a notice not due is not claimed unless the backoff is ignored") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const auto id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    f.store.mark_retry(id, "421 later", k_t0 + 600);
    CHECK_FALSE(f.store.claim_notice(id, "host:1", k_t0));
    CHECK(f.store.claim_notice(id, "host:1", k_t0, true));
  }
  TEST_CASE("outbox claims: per address, a 4xx waits alone and the sent address is not tried again") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const auto id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    REQUIRE(f.store.claim_notice(id, "host:1", k_t0));
    f.store.record_recipients(id,
                              {{"abuse@muster.example", RecipientStatus::sent, "250 ok"},
                               {"noc@muster.example", RecipientStatus::queued, "451 later"}},
                              k_t0);
    CHECK(f.store.finish_attempt(id, "mixed", k_t0, k_t0 + 60) == OutboxStatus::queued);
    auto again = f.store.claim_notice(id, "host:2", k_t0 + 60);
    REQUIRE(again);
    CHECK(again->recipients[0].status == RecipientStatus::sent);
    CHECK(again->recipients[1].status == RecipientStatus::sending);
    f.store.record_recipients(id, {{"noc@muster.example", RecipientStatus::failed, "550 no"}}, k_t0 + 60);
    CHECK(f.store.finish_attempt(id, "550 no", k_t0 + 60, k_t0 + 180) == OutboxStatus::sent);
    auto item = f.store.outbox_item(id);
    CHECK(item->attempts == 2);
    CHECK(item->recipients[1].status == RecipientStatus::failed);
    CHECK(item->recipients[1].reply == "550 no");
    CHECK(item->recipients[1].attempts == 2);
  }
  TEST_CASE("outbox claims: every address refused for good fails the notice") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const auto id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    REQUIRE(f.store.claim_notice(id, "host:1", k_t0));
    f.store.record_recipients(id,
                              {{"abuse@muster.example", RecipientStatus::failed, "550 a"},
                               {"noc@muster.example", RecipientStatus::failed, "550 b"}},
                              k_t0);
    CHECK(f.store.finish_attempt(id, "550", k_t0, k_t0 + 60) == OutboxStatus::failed);
    CHECK(f.store.outbox_item(id)->failed_at == k_t0);
  }
  TEST_CASE("outbox claims: in doubt only for the claim that holds, not resent, requeued by the desk") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const auto id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    REQUIRE(f.store.claim_notice(id, "host:1", k_t0));
    f.store.record_recipients(id, {{"abuse@muster.example", RecipientStatus::sent, "250 ok"}}, k_t0);
    CHECK_FALSE(f.store.mark_in_doubt(id, "host:2"));
    CHECK(f.store.mark_in_doubt(id, "host:1"));
    CHECK(f.store.outbox_item(id)->status == OutboxStatus::in_doubt);
    CHECK(f.store.in_doubt_notices() == std::vector<std::int64_t>{id});
    CHECK(f.store.due(k_t0 + 100 * k_day).empty());
    CHECK_FALSE(f.store.claim_notice(id, "host:3", k_t0, true));
    CHECK(f.store.requeue_notice(id, k_t0 + 10));
    auto again = f.store.claim_notice(id, "host:3", k_t0 + 10);
    REQUIRE(again);
    CHECK(again->recipients[0].status == RecipientStatus::sent);  // not sent twice
    CHECK(again->recipients[1].status == RecipientStatus::sending);
    CHECK_FALSE(f.store.requeue_notice(id, k_t0 + 10));  // sending, not failed or in doubt
  }
  TEST_CASE("outbox claims: cancel takes queued, failed and in_doubt notices, never one sending") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const auto id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0);
    REQUIRE(f.store.claim_notice(id, "host:1", k_t0));
    CHECK_FALSE(f.store.cancel_notice(id, k_t0, "no"));
    CHECK(f.store.mark_in_doubt(id, "host:1"));
    CHECK(f.store.cancel_notice(id, k_t0, "desk: phoned them"));
    CHECK(f.store.outbox_item(id)->status == OutboxStatus::cancelled);
  }
}

TEST_SUITE("store") {
  TEST_CASE(
      "a list's last_notice: each incident's latest sent notice, near or far in the outbox; queued, failed none") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    const auto out = f.ingest(
        report("CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.18", k_t0), row("198.51.100.9", k_t0)}), k_t0);
    const std::int64_t a = out.at(0).incident_id, b = out.at(1).incident_id, c = out.at(2).incident_id;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#2", {}));
    const auto n1 = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0, {a});
    const auto n2 = f.store.enqueue(notice("<n2@example.net>"), "c1001", report_id, k_t0, {a, b});
    f.store.enqueue(notice("<n3@example.net>"), "c1001", report_id, k_t0, {b});  // queued only
    const auto n4 = f.store.enqueue(notice("<n4@example.net>"), "c1002", report_id, k_t0, {c});
    f.store.mark_sent(n2, "250 ok", k_t0 + 300);
    f.store.mark_sent(n1, "250 ok", k_t0 + 100);
    f.store.mark_failed(n4, "550 no", k_t0 + 200);
    // Hundreds of notices later (beyond what a lookup reads ahead), one more for c.
    for (int i = 0; i < 600; ++i) {
      f.store.enqueue(notice("<x" + std::to_string(i) + "@example.net>"), "c1002", report_id, k_t0);
    }
    const auto n5 = f.store.enqueue(notice("<n5@example.net>"), "c1002", report_id, k_t0, {c});
    f.store.mark_sent(n5, "250 ok", k_t0 + 500);
    IncidentFilter all;
    all.state = IncidentFilter::State::all;
    const auto rows = f.store.incidents(all);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].last_notice == k_t0 + 300);
    CHECK(rows[1].last_notice == k_t0 + 300);
    CHECK(rows[2].last_notice == k_t0 + 500);
    f.store.mark_failed(n5, "550 no", k_t0 + 600);  // a notice no longer sent (as for a test) tells of none
    CHECK_FALSE(f.store.incidents(all).at(2).last_notice.has_value());
  }
}

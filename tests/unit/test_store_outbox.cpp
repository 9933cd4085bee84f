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
}

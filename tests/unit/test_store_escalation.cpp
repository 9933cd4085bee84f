// Store::escalations: open incidents still reported after their first
// notice, that many days on; and the record of the daily digests.

#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace store_test;

TEST_SUITE("store") {
  TEST_CASE("escalations: open, first notice sent N days ago or more, scanned again since") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    Report first = report("CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.18", k_t0)});
    auto recorded = f.store.record_events(report_id, first, 7, k_t0);
    const auto notice = f.store.enqueue({"<n@x>", "subject", "abuse@example.net", {"abuse@muster.example"}, "bytes"},
                                        "c1001", report_id, k_t0);
    // Not sent yet: nobody was told.
    f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0 + 5 * k_day)}), k_t0 + 5 * k_day);
    CHECK(f.store.escalations(14, k_t0 + 20 * k_day).empty());
    f.store.mark_sent(notice, "250 ok", k_t0 + 3600);

    auto due = f.store.escalations(14, k_t0 + 20 * k_day);
    REQUIRE(due.size() == 1);  // .18 was not reported again after the notice
    CHECK(due[0].incident_id == recorded.at(0).incident_id);
    CHECK(due[0].customer == "c1001");
    CHECK(due[0].ip.to_string() == "192.0.2.17");
    CHECK(due[0].port == 11211);
    CHECK(due[0].service == "memcached");
    CHECK(due[0].first_notice == k_t0 + 3600);
    CHECK(due[0].last_seen == k_t0 + 5 * k_day);
    CHECK(f.store.escalations(14, k_t0 + 14 * k_day).empty());  // not 14 days after the notice yet
    REQUIRE(f.store.resolve_incident(due[0].incident_id, k_t0 + 21 * k_day));
    CHECK(f.store.escalations(14, k_t0 + 22 * k_day).empty());
  }

  TEST_CASE("digests: one a day, recorded") {
    Fixture f;
    CHECK_FALSE(f.store.digest_sent("2024-03-20"));
    f.store.record_digest("2024-03-20", k_t0, "desk@example.net", 3, "250 ok");
    CHECK(f.store.digest_sent("2024-03-20"));
    CHECK_FALSE(f.store.digest_sent("2024-03-21"));
    CHECK_THROWS_AS(f.store.record_digest("2024-03-20", k_t0, "desk@example.net", 3, "250 ok"), Failure);
  }
}

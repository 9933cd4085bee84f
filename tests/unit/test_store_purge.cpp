// Store::purge: incidents resolved before the cutoff go, with their events,
// the notices that told only of them and the bytes of the mails that
// reported only them; stats keeps their counts, without addresses.

#include <doctest/doctest.h>

#include <algorithm>

#include <SQLiteCpp/SQLiteCpp.h>

#include "store_fixture.hpp"

using namespace store_test;

namespace {

struct Purge : Fixture {
  std::int64_t old_mail = 0, mixed_mail = 0, open_mail = 0;
  std::int64_t old_notice = 0, mixed_notice = 0, queued_notice = 0;
  std::int64_t a = 0, b = 0, c = 0;  // incidents: a, b resolved at t0 + 1d; c open

  Purge() {
    store.replace_customers(sample_customers(), k_t0);
    // The old mail reports a and b; the mixed one a again and c; the open one c.
    auto old_events = report_in(old_mail, "CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.18", k_t0)});
    a = old_events.at(0).incident_id;
    b = old_events.at(1).incident_id;
    auto mixed_events =
        report_in(mixed_mail, "CB-Report#2", {row("192.0.2.17", k_t0 - k_day), row("192.0.2.19", k_t0)});
    c = mixed_events.at(1).incident_id;
    report_in(open_mail, "CB-Report#3", {row("192.0.2.19", k_t0 + 2 * k_day)});
    old_notice = notice(old_report, "<old@x>", true);
    mixed_notice = notice(mixed_report, "<mixed@x>", true);
    queued_notice = notice(old_report, "<queued@x>", false);
    REQUIRE(store.resolve_incident(a, k_t0 + k_day));
    REQUIRE(store.resolve_incident(b, k_t0 + k_day));
  }

  std::int64_t old_report = 0, mixed_report = 0;

  std::vector<EventOutcome> report_in(std::int64_t& mail, const std::string& ticket, std::vector<Row> rows) {
    mail = store.add_mail({"raw " + ticket, "test", ticket, "cert@example", "<" + ticket + ">"}, k_t0);
    Report r = report(ticket, std::move(rows));
    const auto report_id = store.add_report(mail, r);
    if (ticket == "CB-Report#1") old_report = report_id;
    if (ticket == "CB-Report#2") mixed_report = report_id;
    return store.record_events(report_id, r, 7, k_t0 + 2 * k_day);
  }

  std::int64_t notice(std::int64_t report_id, const std::string& message_id, bool sent) {
    auto id = store.enqueue({message_id, "subject", "abuse@example.net", {"abuse@muster.example"}, "bytes"}, "c1001",
                            report_id, k_t0);
    if (sent) store.mark_sent(id, "250 ok", k_t0);
    return id;
  }

  std::int64_t count(const std::string& sql) { return store.db().execAndGet(sql).getInt64(); }
};

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("purge_plan: says what would go and changes nothing") {
    Purge f;
    PurgeCounts plan = f.store.purge_plan(k_t0 + 10 * k_day);
    CHECK(plan.incidents == 2);
    CHECK(plan.events == 3);   // a twice, b once
    CHECK(plan.notices == 1);  // the old one; the mixed one also told of c, the queued one is not done
    CHECK(plan.mails == 1);    // the old one; the mixed one also reported c
    CHECK(f.count("SELECT count(*) FROM incidents") == 3);
    CHECK(f.count("SELECT count(*) FROM events") == 5);
    CHECK(f.store.purge_plan(k_t0 + k_day).incidents == 0);  // resolved at the cutoff: kept
  }

  TEST_CASE("purge: the desk's record of a purged incident goes too: history, notes, notice links") {
    Purge f;
    REQUIRE(f.store.add_note(f.a, k_t0 + k_day, "alice", "called 192.0.2.17's admin"));
    f.store.db().exec("INSERT INTO outbox_incidents (outbox_id, incident_id) VALUES (" + std::to_string(f.old_notice) +
                      ", " + std::to_string(f.b) + ")");
    const std::string doomed = "(" + std::to_string(f.a) + ", " + std::to_string(f.b) + ")";
    REQUIRE(f.count("SELECT count(*) FROM incident_history WHERE incident_id IN " + doomed) > 0);
    f.store.purge(k_t0 + 10 * k_day, k_t0 + 11 * k_day);
    CHECK(f.count("SELECT count(*) FROM incident_history WHERE incident_id IN " + doomed) == 0);
    CHECK(f.count("SELECT count(*) FROM incident_notes") == 0);
    CHECK(f.count("SELECT count(*) FROM outbox_incidents WHERE incident_id IN " + doomed) == 0);
    CHECK(f.count("SELECT count(*) FROM outbox_incidents WHERE outbox_id = " + std::to_string(f.old_notice)) == 0);
    CHECK(f.count("SELECT count(*) FROM incident_history WHERE incident_id = " + std::to_string(f.c)) > 0);
    CHECK(f.count("SELECT count(*) FROM pragma_foreign_key_check") == 0);
  }

  TEST_CASE("purge: deletes what the plan said, keeps the mail rows and the counts for stats") {
    Purge f;
    Stats before = f.store.stats();
    PurgeCounts done = f.store.purge(k_t0 + 10 * k_day, k_t0 + 11 * k_day);
    CHECK(done.incidents == 2);
    CHECK(done.events == 3);
    CHECK(done.notices == 1);
    CHECK(done.mails == 1);
    CHECK(f.count("SELECT count(*) FROM incidents") == 1);
    CHECK(f.count("SELECT count(*) FROM events WHERE ip IN ('192.0.2.17', '192.0.2.18')") == 0);
    CHECK(f.count("SELECT count(*) FROM outbox WHERE id = " + std::to_string(f.old_notice)) == 0);
    CHECK(f.count("SELECT count(*) FROM outbox") == 2);
    // The mail row stays (counted, known by its hash), without its bytes.
    CHECK_FALSE(f.store.mail_raw(f.old_mail).has_value());
    CHECK(f.store.mail(f.old_mail).has_value());
    CHECK(f.store.find_mail(sha256_hex("raw CB-Report#1")) == f.old_mail);
    CHECK(f.store.mail_raw(f.mixed_mail) == "raw CB-Report#2");
    // No address survives in what stats keeps.
    CHECK(f.count("SELECT count(*) FROM purged_incidents WHERE customer = 'c1001' AND service = 'memcached'") == 2);
    Stats after = f.store.stats();
    REQUIRE(after.by_service.size() == before.by_service.size());
    CHECK(after.by_service[0].resolved == before.by_service[0].resolved);
    CHECK(after.by_service[0].open == before.by_service[0].open);
    CHECK(after.by_service[0].median_fix == before.by_service[0].median_fix);
    CHECK(after.mails.size() == before.mails.size());
    REQUIRE(f.store.purges().size() == 1);
    CHECK(f.store.purges()[0].at == k_t0 + 11 * k_day);
    CHECK(f.store.purges()[0].counts.events == 3);
    CHECK(after.purged.incidents == 2);
    CHECK(after.last_purge == k_t0 + 11 * k_day);
    // Done once: a second purge finds nothing.
    CHECK(f.store.purge(k_t0 + 10 * k_day, k_t0 + 12 * k_day).incidents == 0);
  }

  TEST_CASE("stats: purged incidents count as resolved under their key, keys before, between and after the others") {
    Purge f;
    const Stats before = f.store.stats();
    f.store.db().exec(
        "INSERT INTO purged_incidents (service, customer, first_seen, resolved_at) VALUES"
        " ('aaa', '0first', 0, 10), ('redis', NULL, 0, 10), ('zzz', 'zlast', 0, 10), ('zzz', 'zlast', 0, 30)");
    const Stats after = f.store.stats();
    auto find = [](const std::vector<IncidentStats>& list, const std::optional<std::string>& key) {
      auto it = std::find_if(list.begin(), list.end(), [&](const IncidentStats& s) { return s.key == key; });
      REQUIRE(it != list.end());
      return *it;
    };
    auto keys = [](const std::vector<IncidentStats>& list) {
      std::vector<std::optional<std::string>> out;
      for (const IncidentStats& s : list) out.push_back(s.key);
      return out;
    };
    const auto customer_keys = keys(after.by_customer);
    CHECK(std::is_sorted(customer_keys.begin(), customer_keys.end()));
    const bool had_unassigned = !before.by_customer.empty() && !before.by_customer.front().key;
    CHECK(after.by_customer.size() == before.by_customer.size() + (had_unassigned ? 2 : 3));
    CHECK(find(after.by_customer, "0first").resolved == 1);
    CHECK(find(after.by_customer, "zlast").resolved == 2);
    CHECK(find(after.by_customer, "zlast").median_fix == 30);  // the upper of two
    CHECK(find(after.by_customer, std::nullopt).resolved ==
          1 + (had_unassigned ? before.by_customer.front().resolved : 0));
    CHECK(after.by_service.front().key == "aaa");
    CHECK(after.by_service.back().key == "zzz");
    for (const IncidentStats& s : before.by_service) {
      CHECK(find(after.by_service, s.key).open == s.open);
      CHECK(find(after.by_service, s.key).resolved == s.resolved + (s.key == "redis" ? 1 : 0));
    }
  }

  TEST_CASE("purge: a mail that carried only purged mails as attachments loses its bytes too") {
    Purge f;
    const auto carrier = f.store.add_mail({"carrier raw", "test", "Fwd", "desk@example", "<carrier@x>"}, k_t0);
    f.store.db().exec("INSERT INTO attached_mails (carrier_id, mail_id, position) VALUES (" + std::to_string(carrier) +
                      ", " + std::to_string(f.old_mail) + ", 1)");
    CHECK(f.store.purge_plan(k_t0 + 10 * k_day).mails == 2);
    f.store.purge(k_t0 + 10 * k_day, k_t0 + 11 * k_day);
    CHECK_FALSE(f.store.mail_raw(carrier).has_value());
  }
}

TEST_SUITE("store") {
  TEST_CASE("stats: each key's median time to fix is the middle of its fixes, the upper of two, 0 when negative") {
    Fixture f;
    f.store.db().exec(
        "INSERT INTO purged_incidents (service, customer, first_seen, resolved_at) VALUES"
        " ('a', 'x', 0, 50), ('a', NULL, 0, 10), ('a', 'x', 100, 40), ('b', 'x', 0, 20), ('b', NULL, 0, 70)");
    const Stats stats = f.store.stats();
    REQUIRE(stats.by_service.size() == 2);
    CHECK(stats.by_service[0].key == "a");
    CHECK(stats.by_service[0].median_fix == 10);  // of 0, 10, 50
    CHECK(stats.by_service[1].key == "b");
    CHECK(stats.by_service[1].median_fix == 70);  // of 20, 70
    REQUIRE(stats.by_customer.size() == 2);
    CHECK_FALSE(stats.by_customer[0].key.has_value());
    CHECK(stats.by_customer[0].median_fix == 70);  // of 10, 70
    CHECK(stats.by_customer[1].key == "x");
    CHECK(stats.by_customer[1].median_fix == 20);  // of 0, 20, 50
  }
}

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

#include "store_fixture.hpp"

using namespace store_test;

namespace {
IncidentFilter all_incidents() {
  IncidentFilter f;
  f.state = IncidentFilter::State::all;
  return f;
}

// `count` rows over 198.51.100.0-249, scanned a second apart from k_t0;
// each round of 250 addresses on the next port from `first_port`.
std::vector<Row> rows_over_250_hosts(int count, int first_port) {
  std::vector<Row> rows;
  for (int i = 0; i < count; ++i) {
    rows.push_back(row("198.51.100." + std::to_string(i % 250), k_t0 + i, first_port + i / 250));
  }
  return rows;
}
}  // namespace

TEST_SUITE("store") {
  TEST_CASE("duplicate event stored once and not notified") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto first = f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0)}), k_t0 + 60);
    auto again = f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0)}), k_t0 + 120);
    REQUIRE(first.size() == 1);
    REQUIRE(again.size() == 1);
    CHECK(first[0].notify);
    CHECK_FALSE(first[0].duplicate);
    CHECK(again[0].duplicate);
    CHECK_FALSE(again[0].notify);
    CHECK(again[0].event_id == first[0].event_id);
    CHECK(again[0].customer == "c1001");
    CHECK(f.store.db().execAndGet("SELECT count(*) FROM events").getInt() == 1);
  }
  TEST_CASE("incident lifecycle: resolve, older timestamp ignored, later reopens") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto opened = f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0)}), k_t0);
    const auto id = opened.at(0).incident_id;
    CHECK(f.store.resolve_incident(id, k_t0 + k_day));
    CHECK_FALSE(f.store.resolve_incident(id, k_t0 + k_day));  // no longer open

    auto late = f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0 + 3600)}), k_t0 + 2 * k_day);
    CHECK_FALSE(late.at(0).duplicate);
    CHECK_FALSE(late.at(0).notify);
    CHECK(late.at(0).incident_id == id);
    auto incident = f.store.incidents(all_incidents()).at(0);
    CHECK(incident.status == IncidentStatus::resolved);
    CHECK(incident.last_seen == k_t0);
    CHECK(incident.resolved_at == k_t0 + k_day);
    CHECK(incident.tickets == std::vector<std::string>{"CB-Report#1", "CB-Report#2"});

    auto reopened = f.ingest(report("CB-Report#3", {row("192.0.2.17", k_t0 + 3 * k_day)}), k_t0 + 3 * k_day);
    CHECK(reopened.at(0).notify);
    incident = f.store.incidents(all_incidents()).at(0);
    CHECK(incident.id == id);
    CHECK(incident.status == IncidentStatus::open);
    CHECK_FALSE(incident.resolved_at.has_value());
    CHECK(incident.last_seen == k_t0 + 3 * k_day);
    CHECK(incident.first_seen == k_t0);
  }
  TEST_CASE("remind_after_days: 3 days later not notified, 8 days later notified") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    CHECK(f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0)}), k_t0).at(0).notify);
    auto three = f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0 + 3 * k_day)}), k_t0 + 3 * k_day);
    CHECK_FALSE(three.at(0).notify);
    auto eight = f.ingest(report("CB-Report#3", {row("192.0.2.17", k_t0 + 8 * k_day)}), k_t0 + 8 * k_day);
    CHECK(eight.at(0).notify);
    auto nine = f.ingest(report("CB-Report#4", {row("192.0.2.17", k_t0 + 9 * k_day)}), k_t0 + 9 * k_day);
    CHECK_FALSE(nine.at(0).notify);  // the reminder counts from day 8
  }
  TEST_CASE("several rows of one incident in one report are all notified") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto out = f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.17", k_t0 + 60)}), k_t0);
    REQUIRE(out.size() == 2);
    CHECK(out[0].incident_id == out[1].incident_id);
    CHECK(out[0].notify);
    CHECK(out[1].notify);
  }
  TEST_CASE("an incident met again anywhere in a report keeps the decision of its first row") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    // 300 rows over 100 incidents, each one's rows 100 rows apart; IPv4
    // and IPv6, ports apart.
    std::vector<Row> rows;
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 100; ++i) {
        const std::string ip = i % 2 ? "198.51.100." + std::to_string(i) : "2001:db8:10::" + std::to_string(i);
        rows.push_back(row(ip, k_t0 + round * 60 + i, 11211 + i % 3));
      }
    }
    auto first = f.ingest(report("CB-Report#1", rows), k_t0);
    REQUIRE(first.size() == 300);
    for (const EventOutcome& e : first) CHECK(e.notify);
    CHECK(f.store.incidents(all_incidents()).size() == 100);
    // A day later the same incidents again, with one new: only it is notified.
    for (Row& r : rows) *r.timestamp += k_day;
    rows.push_back(row("192.0.2.44", k_t0 + k_day, 80));
    rows.insert(rows.begin() + 150, row("192.0.2.44", k_t0 + k_day + 1, 80));
    auto again = f.ingest(report("CB-Report#2", rows), k_t0 + k_day);
    REQUIRE(again.size() == 302);
    for (const EventOutcome& e : again) {
      const bool fresh = f.store.incident_story(e.incident_id)->incident.ip.to_string() == "192.0.2.44";
      CHECK(e.notify == fresh);
    }
  }
  TEST_CASE("rows are recorded in key order, rows of one key in row order, and returned in row order") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    // Addresses falling, an IPv6 one first, and one key (192.0.2.17:80)
    // in rows 1 and 4: its later scan in the earlier row.
    const std::vector<Row> rows{row("2001:db8::1", k_t0, 80),     row("192.0.2.17", k_t0 + 60, 80),
                                row("192.0.2.9", k_t0, 80),       row("192.0.2.17", k_t0, 443),
                                row("192.0.2.17", k_t0 + 30, 80), row("10.0.0.1", k_t0, 80)};
    const auto r = report("CB-Report#order", rows);
    const auto report_id = f.store.add_report(f.mail_id, r);
    std::vector<std::size_t> order;
    std::vector<EventOutcome> recorded;
    f.store.record_events(report_id, r, 7, k_t0, [&](const EventOutcome& e) {
      order.push_back(e.row);
      recorded.push_back(e);
    });
    CHECK(order == std::vector<std::size_t>{5, 2, 1, 4, 3, 0});
    // Incidents open in that order: their ids rise with the address.
    std::vector<std::int64_t> ids;
    for (const EventOutcome& e : recorded) ids.push_back(e.incident_id);
    CHECK(ids == std::vector<std::int64_t>{1, 2, 3, 3, 4, 5});
    // The rows of one key keep the report's order: the first opened it.
    auto story = f.store.incident_story(3);
    REQUIRE(story);
    CHECK(story->incident.first_seen == k_t0 + 30);
    CHECK(story->incident.last_seen == k_t0 + 60);
    for (const EventOutcome& e : recorded) CHECK(e.notify == e.customer.has_value());  // new: notified when owned
    CHECK(std::ranges::count_if(recorded, [](const EventOutcome& e) { return e.notify; }) == 4);  // the 192.0.2.x rows

    const auto r2 = report("CB-Report#order2", rows);
    const auto again = f.store.record_events(f.store.add_report(f.mail_id, r2), r2, 7, k_t0);
    REQUIRE(again.size() == rows.size());
    for (std::size_t i = 0; i < again.size(); ++i) {
      CHECK(again[i].row == i);
      CHECK(again[i].duplicate);
    }
  }
  TEST_CASE("unassigned address: stored, listed, not notified") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto out = f.ingest(report("CB-Report#1", {row("203.0.113.5", k_t0)}), k_t0);
    CHECK_FALSE(out.at(0).customer.has_value());
    CHECK_FALSE(out.at(0).notify);
    auto filter = all_incidents();
    filter.unassigned = true;
    CHECK(f.store.incidents(filter).size() == 1);
  }
  TEST_CASE("a list row keeps nothing of the row before: customer, name, tickets, resolution") {
    // A list reads every row into one IncidentInfo, reusing its buffers.
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0)}), k_t0);
    f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0 + 60), row("203.0.113.5", k_t0 + 60)}), k_t0 + 60);
    f.ingest(report("CB-Report#3", {row("198.51.100.9", k_t0 + 120)}), k_t0 + 120);
    f.store.resolve_not_seen(k_t0 + 90, k_t0 + k_day, "not seen again");
    const auto rows = f.store.incidents(all_incidents());
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].customer_name == "Muster Hosting GmbH");
    CHECK(rows[0].tickets == std::vector<std::string>{"CB-Report#1", "CB-Report#2"});
    CHECK(rows[0].resolution == "not seen again");
    CHECK(rows[1].ip.to_string() == "203.0.113.5");
    CHECK_FALSE(rows[1].customer.has_value());
    CHECK_FALSE(rows[1].customer_name.has_value());
    CHECK(rows[1].tickets == std::vector<std::string>{"CB-Report#2"});
    CHECK(rows[1].resolution == "not seen again");
    CHECK(rows[2].customer_name == "Example Ltd");
    CHECK(rows[2].tickets == std::vector<std::string>{"CB-Report#3"});
    CHECK_FALSE(rows[2].resolution.has_value());
    CHECK_FALSE(rows[2].resolved_at.has_value());
    CHECK(rows[2].status == IncidentStatus::open);
  }
  TEST_CASE("row without timestamp is skipped") {
    Fixture f;
    auto out = f.ingest(report("CB-Report#1", {row("192.0.2.1", std::nullopt), row("192.0.2.2", k_t0)}), k_t0);
    REQUIRE(out.size() == 1);
    CHECK(out[0].row == 1);
  }
  TEST_CASE("port NULL incidents distinct from port 0") {
    Fixture f;
    auto out = f.ingest(report("CB-Report#1", {row("192.0.2.1", k_t0, std::nullopt), row("192.0.2.1", k_t0, 0)}), k_t0);
    REQUIRE(out.size() == 2);
    CHECK_FALSE(out[1].duplicate);
    CHECK(out[0].incident_id != out[1].incident_id);
    auto incidents = f.store.incidents(all_incidents());
    REQUIRE(incidents.size() == 2);
    CHECK_FALSE(incidents[0].port.has_value());
    CHECK(incidents[1].port == 0);
    auto again = f.ingest(report("CB-Report#2", {row("192.0.2.1", k_t0, std::nullopt)}), k_t0);
    CHECK(again.at(0).duplicate);
  }
  TEST_CASE("incident follows its latest event: asn and customer") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0 + 100, 11211, 64501)}), k_t0);
    f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0, 11211, 64502)}), k_t0);
    auto incident = f.store.incidents(all_incidents()).at(0);
    CHECK(incident.asn == 64501);
    CHECK(incident.first_seen == k_t0);
    CHECK(incident.last_seen == k_t0 + 100);
  }
  TEST_CASE("incidents filters: ip CIDR v4 and v6, service, customer, since, resolved") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.130", k_t0 + k_day),
                                    row("2001:db8:10::5", k_t0), row("198.51.100.9", k_t0)}),
             k_t0);
    f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0, std::nullopt)}, "ntp-monlist"), k_t0);
    auto filter = all_incidents();
    auto ids = [&] {
      std::vector<std::string> out;
      for (const auto& i : f.store.incidents(filter)) out.push_back(i.ip.to_string() + " " + i.service);
      return out;
    };
    CHECK(ids().size() == 5);
    filter.ip = parse_network("192.0.2.128/25");
    CHECK(ids() == std::vector<std::string>{"192.0.2.130 memcached"});
    filter.ip = parse_network("2001:db8::/32");
    CHECK(ids() == std::vector<std::string>{"2001:db8:10::5 memcached"});
    filter.ip = parse_network("192.0.2.17");
    CHECK(ids().size() == 2);
    filter.service = "ntp-monlist";
    CHECK(ids() == std::vector<std::string>{"192.0.2.17 ntp-monlist"});
    filter = all_incidents();
    filter.customer = "c1001";
    CHECK(ids().size() == 3);
    filter = all_incidents();
    filter.since = k_t0 + k_day;
    CHECK(ids() == std::vector<std::string>{"192.0.2.130 memcached"});
    const auto first_id = f.store.incidents(all_incidents()).at(0).id;
    f.store.resolve_incident(first_id, k_t0 + 2 * k_day);
    filter = all_incidents();
    filter.state = IncidentFilter::State::resolved;
    CHECK(ids() == std::vector<std::string>{"192.0.2.17 memcached"});
    filter.state = IncidentFilter::State::open;
    CHECK(ids().size() == 4);
  }
  // Large reports are written in batches (history, notice links), and a
  // notice inside the caller's transaction takes no savepoint: the same
  // rows as one by one.
  TEST_CASE("large report: history in row order, every notice link once") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    const auto r = report("CB-Report#large", rows_over_250_hosts(5000, 1000));
    const auto report_id = f.store.add_report(f.mail_id, r);
    std::vector<std::int64_t> incidents;
    {
      Store::Transaction tx(f.store);
      for (const EventOutcome& e : f.store.record_events(report_id, r, 7, k_t0)) incidents.push_back(e.incident_id);
      incidents.push_back(incidents.front());  // linked once
      f.store.enqueue({"<large@example.net>", "s", "abuse@example.net", {"abuse@muster.example"}, "x"}, "c1001",
                      report_id, k_t0, incidents);
      tx.commit();
    }
    REQUIRE(incidents.size() == 5001);
    auto& db = f.store.db();
    // The n-th incident opened has the n-th history row, whatever batch it was in.
    CHECK(db.execAndGet(
                "SELECT count(*) FROM incident_history h JOIN incidents i ON i.id = h.incident_id"
                " WHERE h.id = i.id AND h.what = 'opened' AND h.author = 'certbund'"
                " AND h.why = 'CB-Report#large, scanned ' || strftime('%Y-%m-%dT%H:%M:%SZ', i.first_seen, 'unixepoch')")
              .getInt() == 5000);
    CHECK(db.execAndGet("SELECT count(*) FROM incident_history").getInt() == 5000);
    const auto linked = f.store.notice_incidents(db.execAndGet("SELECT max(id) FROM outbox").getInt64());
    CHECK(linked.size() == 5000);
    CHECK(linked.front() == 1);
    CHECK(linked.back() == 5000);
  }
  TEST_CASE("a notice queued inside a transaction: a duplicate writes nothing, a rollback takes it") {
    Fixture f;
    const auto report_id = f.store.add_report(f.mail_id, report("CB-Report#1", {}));
    const NewNotice notice{"<n1@example.net>", "s", "abuse@example.net", {"abuse@muster.example"}, "x"};
    auto outbox_rows = [&] {
      return f.store.db()
          .execAndGet("SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM outbox_recipients)")
          .getInt();
    };
    {
      Store::Transaction tx(f.store);
      f.store.enqueue(notice, "c1001", report_id, k_t0);
      CHECK_THROWS_AS(f.store.enqueue(notice, "c1002", report_id, k_t0), Failure);
      CHECK(outbox_rows() == 2);  // the first notice and its one address
      tx.commit();
    }
    {
      Store::Transaction tx(f.store);
      f.store.enqueue({"<n2@example.net>", "s", "abuse@example.net", {"abuse@muster.example"}, "x"}, "c1001", report_id,
                      k_t0);
    }
    CHECK(outbox_rows() == 2);
  }
  // Its CPU budget (50 ms) is checked by bench/ (scripts/bench), not here.
  TEST_CASE("500-row report records 500 events, one incident each") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    const auto r = report("CB-Report#big", rows_over_250_hosts(500, 11211));
    const auto report_id = f.store.add_report(f.mail_id, r);
    auto out = f.store.record_events(report_id, r, 7, k_t0);
    CHECK(out.size() == 500);
    CHECK(f.store.incidents(all_incidents()).size() == 500);
  }
}

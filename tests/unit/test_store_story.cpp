// An incident's story: events, notices, notes and status history, and the
// migration that carries the first schema's incidents and notices over.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "migrations.hpp"
#include "store_fixture.hpp"

using namespace store_test;

namespace {
NewNotice notice(std::string message_id) {
  return {std::move(message_id),
          "Offene Memcached-Server",
          "abuse@example.net",
          {"abuse@muster.example"},
          "Subject: x\r\n\r\nbody\r\n"};
}
}  // namespace

TEST_SUITE("store") {
  TEST_CASE("story: scans, the notice, the resolution and the reopening, each with who and why") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto first = f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0)}), k_t0 + 60);
    const auto id = first.at(0).incident_id;
    const auto report_id = f.store.db().execAndGet("SELECT max(id) FROM reports").getInt64();
    const auto notice_id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0 + 60, {id});
    f.store.mark_sent(notice_id, "250 2.0.0 Ok: queued", k_t0 + 120);
    CHECK(f.store.resolve_incident(id, k_t0 + k_day, {"alice", "customer closed the port"}));
    f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0 + 2 * k_day)}), k_t0 + 2 * k_day + 60);

    auto story = f.store.incident_story(id);
    REQUIRE(story);
    CHECK(story->incident.ip.to_string() == "192.0.2.17");
    CHECK(story->incident.customer == "c1001");
    CHECK(story->incident.customer_name == "Muster Hosting GmbH");
    CHECK(story->incident.status == IncidentStatus::open);

    REQUIRE(story->events.size() == 2);
    CHECK(story->events[0].scanned == k_t0);
    CHECK(story->events[0].ticket == "CB-Report#1");
    CHECK(story->events[0].mail_id == f.mail_id);
    CHECK(story->events[1].ticket == "CB-Report#2");

    REQUIRE(story->notices.size() == 1);
    CHECK(story->notices[0].id == notice_id);
    CHECK(story->notices[0].status == OutboxStatus::sent);
    CHECK(story->notices[0].done_at == k_t0 + 120);
    CHECK(story->notices[0].to == std::vector<std::string>{"abuse@muster.example"});
    CHECK(story->notices[0].reply == "250 2.0.0 Ok: queued");

    REQUIRE(story->history.size() == 3);
    CHECK(story->history[0].what == IncidentAction::opened);
    CHECK(story->history[0].at == k_t0 + 60);
    CHECK(story->history[0].by == "certbund");
    CHECK(story->history[0].why == "CB-Report#1, scanned 2015-05-03T03:21:11Z");
    CHECK(story->history[1].what == IncidentAction::resolved);
    CHECK(story->history[1].by == "alice");
    CHECK(story->history[1].why == "customer closed the port");
    CHECK(story->history[2].what == IncidentAction::reopened);
    CHECK(story->history[2].why.starts_with("CB-Report#2"));
  }

  TEST_CASE("story: none for an unknown incident") {
    Fixture f;
    CHECK_FALSE(f.store.incident_story(42).has_value());
  }

  TEST_CASE("migration 004: incidents of the first schema get their opening and resolution, notices their incidents") {
    TempDir dir;
    const auto path = dir.path / "old.sqlite";
    {
      SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      const auto first = schema_migrations()[0];
      REQUIRE(first.name == "001_init");
      db.exec(std::string(first.sql));
      db.exec(
          "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied INTEGER NOT NULL);"
          "INSERT INTO schema_migrations VALUES ('001_init', 0);"
          "INSERT INTO customers (id, name, emails, language) VALUES ('c1', 'A', 'a@example.org', 'de');"
          "INSERT INTO mails (id, received, origin, sha256, message_id, subject, from_addr, raw, size)"
          " VALUES (1, 0, 'x', 'h', '', '', '', x'00', 1);"
          "INSERT INTO reports VALUES (1, 1, 'CB-Report#1', '', '', 'redis', 0, 'parsed', '', '[]', '', 1);"
          "INSERT INTO incidents (id, ip, ip_bytes, port, service, customer, status, first_seen, last_seen,"
          " resolved_at) VALUES (7, '192.0.2.1', x'00', 6379, 'redis', 'c1', 'resolved', 100, 100, 500);"
          "INSERT INTO events VALUES (1, 1, 1, 7, '192.0.2.1', 6379, 'redis', 100, NULL, '{}', 'c1');"
          "INSERT INTO outbox (id, customer, report_id, ticket, message_id, subject, from_addr, recipients,"
          " bytes, created, next_try) VALUES (3, 'c1', 1, 'CB-Report#1', '<n@x>', '', '', 'a@example.org',"
          " x'00', 200, 200);");
    }
    Store store(path);
    auto story = store.incident_story(7);
    REQUIRE(story);
    REQUIRE(story->history.size() == 2);
    CHECK(story->history[0].what == IncidentAction::opened);
    CHECK(story->history[0].at == 100);
    CHECK(story->history[1].what == IncidentAction::resolved);
    CHECK(story->history[1].at == 500);
    REQUIRE(story->notices.size() == 1);
    CHECK(story->notices[0].id == 3);
    CHECK(story->notices[0].status == OutboxStatus::queued);  // the outbox, copied for its new states
    CHECK(store.due(200).size() == 1);
  }
}

TEST_SUITE("store") {
  TEST_CASE("report and report_rows: a stored report read back, rows with their extra cells") {
    Fixture f;
    Report r = report("CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.18", k_t0, std::nullopt, std::nullopt)});
    r.scope = "AS64500";
    r.critical = true;
    r.explanation = "Sehr geehrte Damen und Herren";
    r.rows[0].extra = {{"version", "1.4.17"}, {"note", std::nullopt}};
    auto outcomes = f.ingest(r, k_t0);
    const auto report_id = f.store.db().execAndGet("SELECT max(id) FROM reports").getInt64();
    auto back = f.store.report(report_id);
    REQUIRE(back);
    CHECK(back->ticket == "CB-Report#1");
    CHECK(back->scope == "AS64500");
    CHECK(back->critical);
    CHECK(back->service == "memcached");
    CHECK(back->columns == r.columns);
    CHECK(back->explanation == "Sehr geehrte Damen und Herren");
    CHECK(back->rows.empty());
    CHECK_FALSE(f.store.report(report_id + 1).has_value());

    auto rows = f.store.report_rows(report_id, {outcomes.at(0).incident_id, outcomes.at(1).incident_id});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].ip.to_string() == "192.0.2.17");
    CHECK(rows[0].port == 11211);
    CHECK(rows[0].asn == 64500);
    CHECK(rows[0].timestamp == k_t0);
    CHECK(rows[0].extra == r.rows[0].extra);
    CHECK_FALSE(rows[1].port.has_value());
    CHECK_FALSE(rows[1].asn.has_value());
    CHECK(f.store.report_rows(report_id, {outcomes.at(1).incident_id}).size() == 1);
  }

  TEST_CASE("notices: the source of a queued one, replaced or cancelled only while queued") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto outcomes = f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.18", k_t0)}), k_t0);
    const auto report_id = f.store.db().execAndGet("SELECT max(id) FROM reports").getInt64();
    const auto a = outcomes.at(0).incident_id, b = outcomes.at(1).incident_id;
    const auto id = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0, {a, b});
    CHECK(f.store.queued_notices_of(a) == std::vector<std::int64_t>{id});
    CHECK(f.store.resolve_incident(a, k_t0 + k_day));
    auto source = f.store.notice_source(id);
    REQUIRE(source);
    CHECK(source->customer == "c1001");
    CHECK(source->report_id == report_id);
    CHECK(source->open == std::vector<std::int64_t>{b});
    CHECK(source->resolved == std::vector<std::int64_t>{a});

    CHECK(f.store.replace_notice(id, notice("<n2@example.net>"), {b}));
    CHECK(f.store.queued_notices_of(a).empty());
    CHECK(f.store.queued_notices_of(b) == std::vector<std::int64_t>{id});
    CHECK(f.store.outbox().at(0).message_id == "<n2@example.net>");

    CHECK(f.store.cancel_notice(id, k_t0 + 2 * k_day, "fixed"));
    CHECK_FALSE(f.store.cancel_notice(id, k_t0 + 2 * k_day, "again"));
    CHECK_FALSE(f.store.replace_notice(id, notice("<n3@example.net>"), {b}));
    CHECK_FALSE(f.store.notice_source(id).has_value());
    CHECK(f.store.queued_notices_of(b).empty());
    CHECK(f.store.due(k_t0 + 3 * k_day).empty());
    auto story = f.store.incident_story(b);
    REQUIRE(story->notices.size() == 1);
    CHECK(story->notices[0].status == OutboxStatus::cancelled);
    CHECK(story->notices[0].done_at == k_t0 + 2 * k_day);
    CHECK(story->notices[0].reply == "fixed");
  }

  TEST_CASE("reopen and notes: only a resolved incident reopens; a note needs an incident") {
    Fixture f;
    auto outcomes = f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0)}), k_t0);
    const auto id = outcomes.at(0).incident_id;
    CHECK_FALSE(f.store.reopen_incident(id, k_t0 + 1, {"alice", ""}));
    CHECK(f.store.resolve_incident(id, k_t0 + 2, {"alice", "fixed"}));
    CHECK(f.store.reopen_incident(id, k_t0 + 3, {"bob", "still open"}));
    CHECK(f.store.add_note(id, k_t0 + 4, "bob", "phoned"));
    CHECK_FALSE(f.store.add_note(id + 1, k_t0 + 4, "bob", "phoned"));
    auto story = f.store.incident_story(id);
    CHECK(story->incident.status == IncidentStatus::open);
    CHECK_FALSE(story->incident.resolved_at.has_value());
    REQUIRE(story->history.size() == 3);
    CHECK(story->history[2].what == IncidentAction::reopened);
    CHECK(story->history[2].by == "bob");
    REQUIRE(story->notes.size() == 1);
    CHECK(story->notes[0].text == "phoned");
  }
}

TEST_SUITE("store") {
  TEST_CASE("incidents: last_notice is when the last notice of it was sent, not queued") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    const auto id = f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0)}), k_t0).at(0).incident_id;
    const auto report_id = f.store.db().execAndGet("SELECT max(id) FROM reports").getInt64();
    const auto first = f.store.enqueue(notice("<n1@example.net>"), "c1001", report_id, k_t0, {id});
    const auto second = f.store.enqueue(notice("<n2@example.net>"), "c1001", report_id, k_t0, {id});
    IncidentFilter all;
    CHECK_FALSE(f.store.incidents(all).at(0).last_notice.has_value());
    f.store.mark_sent(first, "250 ok", k_t0 + 100);
    f.store.mark_failed(second, "550 no", k_t0 + 200);
    CHECK(f.store.incidents(all).at(0).last_notice == k_t0 + 100);
    CHECK(f.store.incidents(all).at(0).customer_name == "Muster Hosting GmbH");
  }
}

TEST_SUITE("store") {
  TEST_CASE("reviews: kept in order; only a mail that waits is dismissed; the latest report") {
    Fixture f;
    CHECK_FALSE(f.store.latest_report(f.mail_id).has_value());
    Report waits = report("CB-Report#1", {});
    waits.status = ReportStatus::needs_review;
    const auto first = f.store.add_report(f.mail_id, waits);
    CHECK(f.store.latest_report(f.mail_id) == first);
    CHECK(f.store.mail(f.mail_id)->status == MailStatus::needs_review);
    CHECK(f.store.dismiss_mail(f.mail_id));
    CHECK_FALSE(f.store.dismiss_mail(f.mail_id));
    CHECK(f.store.mail(f.mail_id)->status == MailStatus::dismissed);
    f.store.add_review(f.mail_id, {k_t0, "bob", ReviewAction::dismissed, "spam", std::nullopt, ""});
    f.store.add_review(f.mail_id, {k_t0 + 1, "alice", ReviewAction::rows, "", first, "ip,timestamp\n"});
    auto reviews = f.store.reviews(f.mail_id);
    REQUIRE(reviews.size() == 2);
    CHECK(reviews[0].by == "bob");
    CHECK_FALSE(reviews[0].report_id.has_value());
    CHECK(reviews[1].report_id == first);
    CHECK(reviews[1].rows_csv == "ip,timestamp\n");
    Stats stats = f.store.stats();
    CHECK(stats.review_waiting == 0);
    CHECK(stats.reviewed == 1);
    CHECK(stats.dismissed == 1);
  }
}

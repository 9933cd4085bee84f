// incidents show, note, resolve and reopen against a real database.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

using namespace cli_test;

namespace {

Row row(const std::string& ip, UnixTime timestamp, int port = 6379) {
  Row r;
  r.ip = parse_ip(ip).value();
  r.timestamp = timestamp;
  r.port = port;
  r.asn = 64496;
  return r;
}

Report redis_report(const std::string& ticket, std::vector<Row> rows) {
  Report r;
  r.ticket = ticket;
  r.topic = "Offene Redis-Server";
  r.service = "redis";
  r.status = ReportStatus::parsed;
  r.columns = {"asn", "ip", "timestamp", "port"};
  r.rows = std::move(rows);
  return r;
}

// Customer c1 ("Muster Hosting") holds 192.0.2.0/24; one mail reports
// 192.0.2.17 and 192.0.2.18 (incidents 1 and 2).
void fill(Store& store) {
  store.replace_customers(
      {{"c1", "Muster Hosting", {"abuse@muster.example"}, Language::de, {parse_network("192.0.2.0/24").value()}}},
      k_t0);
  std::int64_t mail = store.add_mail({"raw", "test", "subject", "cert@example", "<m@x>"}, k_t0);
  Report report = redis_report("CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.18", k_t0)});
  store.record_events(store.add_report(mail, report), report, 7, k_t0 + 60);
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("incidents show: the incident, its customer's name, its scans and history as JSON") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    auto json = nlohmann::json::parse(captured([&] { show_incident(s.g, 1, Format::json); }));
    CHECK(json["ip"] == "192.0.2.17");
    CHECK(json["port"] == 6379);
    CHECK(json["service"] == "redis");
    CHECK(json["customer"] == "c1");
    CHECK(json["customer_name"] == "Muster Hosting");
    CHECK(json["status"] == "open");
    CHECK(json["resolved_at"].is_null());
    REQUIRE(json["events"].size() == 1);
    CHECK(json["events"][0]["scanned"] == "2024-01-01T00:00:00Z");
    CHECK(json["events"][0]["ticket"] == "CB-Report#1");
    CHECK(json["events"][0]["mail_id"] == 1);
    CHECK(json["notices"].empty());
    CHECK(json["notes"].empty());
    REQUIRE(json["history"].size() == 1);
    CHECK(json["history"][0]["what"] == "opened");
    CHECK(json["history"][0]["at"] == "2024-01-01T00:01:00Z");
  }

  TEST_CASE("incidents show: the table and the CSV tell the story in time order") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
      CHECK(ctx.store.resolve_incident(1, k_t0 + k_day, {"alice", "port closed"}));
    }
    std::string table = captured([&] { show_incident(s.g, 1, Format::table); });
    CHECK(table.find("customer:    c1 (Muster Hosting)") != std::string::npos);
    CHECK(table.find("resolved at: 2024-01-02T00:00:00Z") != std::string::npos);
    std::string csv = captured([&] { show_incident(s.g, 1, Format::csv); });
    CHECK(csv.starts_with("time,what,by,detail\r\n"));
    const auto scanned = csv.find("2024-01-01T00:00:00Z,scanned,,\"CB-Report#1, mail 1 (");
    const auto opened = csv.find("2024-01-01T00:01:00Z,opened,certbund,");
    const auto resolved = csv.find("2024-01-02T00:00:00Z,resolved,alice,port closed");
    CHECK(scanned != std::string::npos);
    CHECK(opened != std::string::npos);
    CHECK(resolved != std::string::npos);
    CHECK(scanned < opened);
    CHECK(opened < resolved);
  }

  TEST_CASE("incidents show: an unknown incident exits 66") {
    Setup s;
    CHECK(failure_exit([&] { show_incident(s.g, 9, Format::table); }) == 66);
  }
}

namespace {
// Queues a notice for c1 about incidents 1 and 2 (of report 1).
std::int64_t queue_notice(Store& store) {
  return store.enqueue({"<n1@example.net>",
                        "Offene Redis-Server",
                        "abuse@example.net",
                        {"old@muster.example"},
                        "Subject: x\r\n\r\n192.0.2.17 192.0.2.18\r\n"},
                       "c1", 1, k_t0 + 60, {1, 2});
}

// A second report (CB-Report#2) scanning `ips` at `at`, recorded with a
// 7-day reminder interval: the outcome of each row.
std::vector<EventOutcome> scan_again(Store& store, const std::vector<std::string>& ips, UnixTime at) {
  std::int64_t mail = store.add_mail({"raw2", "test", "subject", "cert@example", "<m2@x>"}, at);
  std::vector<Row> rows;
  for (const std::string& ip : ips) rows.push_back(row(ip, at));
  Report later = redis_report("CB-Report#2", rows);
  return store.record_events(store.add_report(mail, later), later, 7, at);
}

OutboxItem outbox_item(const Global& g, std::int64_t id) {
  Context ctx(g);
  for (const OutboxItem& item : ctx.store.outbox()) {
    if (item.id == id) return item;
  }
  FAIL("no outbox item " << id);
  return {};
}
}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("incidents resolve: a queued notice is made again without the resolved incident, then cancelled") {
    Setup s;
    std::int64_t notice = 0;
    {
      Context ctx(s.g);
      fill(ctx.store);
      notice = queue_notice(ctx.store);
    }
    setenv("CERTBUND_NOW", "2024-01-03T00:00:00Z", 1);
    CHECK(resolve(s.g, {1}, {"alice", "port closed"}) == 0);
    OutboxItem item = outbox_item(s.g, notice);
    CHECK(item.status == OutboxStatus::queued);
    CHECK(item.message_id != "<n1@example.net>");
    CHECK(item.to == std::vector<std::string>{"abuse@muster.example"});  // the customer's address now
    CHECK(item.bytes.find("192.0.2.18") != std::string::npos);
    CHECK(item.bytes.find("192.0.2.17") == std::string::npos);
    auto story = nlohmann::json::parse(captured([&] { show_incident(s.g, 2, Format::json); }));
    REQUIRE(story["notices"].size() == 1);  // still tells of incident 2
    story = nlohmann::json::parse(captured([&] { show_incident(s.g, 1, Format::json); }));
    CHECK(story["notices"].empty());  // no longer of incident 1
    CHECK(story["history"][1]["by"] == "alice");
    CHECK(story["history"][1]["why"] == "port closed");

    CHECK(resolve(s.g, {2}, {"bob", std::nullopt}) == 0);
    item = outbox_item(s.g, notice);
    CHECK(item.status == OutboxStatus::cancelled);
    CHECK(item.note.find("resolved") != std::string::npos);
    story = nlohmann::json::parse(captured([&] { show_incident(s.g, 2, Format::json); }));
    CHECK(story["notices"][0]["status"] == "cancelled");
    CHECK(story["notices"][0]["done_at"] == "2024-01-03T00:00:00Z");
    unsetenv("CERTBUND_NOW");
  }

  TEST_CASE("incidents reopen: a notice the resolution withdrew told nothing, so the next scan is notified") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);  // incidents 1 and 2 notified at k_t0 + 60
      queue_notice(ctx.store);
    }
    setenv("CERTBUND_NOW", "2024-01-03T00:00:00Z", 1);
    CHECK(resolve(s.g, {1}, {"alice", std::nullopt}) == 0);  // the notice made again without incident 1
    CHECK(resolve(s.g, {2}, {"alice", std::nullopt}) == 0);  // then cancelled
    CHECK(reopen(s.g, 1, {"carol", std::nullopt}) == 0);
    CHECK(reopen(s.g, 2, {"carol", std::nullopt}) == 0);
    unsetenv("CERTBUND_NOW");
    Context ctx(s.g);
    // A day after the resolution, well inside the 7-day reminder interval: both are told.
    const auto out = scan_again(ctx.store, {"192.0.2.17", "192.0.2.18"}, k_t0 + 3 * k_day);
    REQUIRE(out.size() == 2);
    CHECK(out[0].notify);
    CHECK(out[1].notify);
  }

  TEST_CASE("incidents reopen: a notice that went out still counts; the reminder interval holds") {
    Setup s;
    std::int64_t notice = 0;
    {
      Context ctx(s.g);
      fill(ctx.store);
      notice = queue_notice(ctx.store);
      ctx.store.db().exec("UPDATE outbox SET status = 'sent', sent_at = created WHERE id = " + std::to_string(notice));
    }
    setenv("CERTBUND_NOW", "2024-01-03T00:00:00Z", 1);
    CHECK(resolve(s.g, {1}, {"alice", std::nullopt}) == 0);
    CHECK(reopen(s.g, 1, {"carol", std::nullopt}) == 0);
    unsetenv("CERTBUND_NOW");
    Context ctx(s.g);
    const auto out = scan_again(ctx.store, {"192.0.2.17"}, k_t0 + 3 * k_day);
    REQUIRE(out.size() == 1);
    CHECK_FALSE(out[0].notify);  // told at k_t0 + 60: the next reminder is due 7 days after
  }

  TEST_CASE("incidents reopen and note: recorded with their author; wrong ids exit 66") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    setenv("CERTBUND_NOW", "2024-01-05T00:00:00Z", 1);
    CHECK(failure_exit([&] { reopen(s.g, 1, {"carol", std::nullopt}); }) == 66);  // still open
    CHECK(resolve(s.g, {1}, {"alice", std::nullopt}) == 0);
    CHECK(reopen(s.g, 1, {"carol", "still reachable"}) == 0);
    CHECK(note(s.g, 1, "  called the customer  ", {"dave", std::nullopt}) == 0);
    CHECK(failure_exit([&] { note(s.g, 9, "x", {}); }) == 66);
    CHECK(failure_exit([&] { note(s.g, 1, "   ", {}); }) == 64);
    CHECK(failure_exit([&] { note(s.g, 1, "x", {"  ", std::nullopt}); }) == 64);
    unsetenv("CERTBUND_NOW");
    auto story = nlohmann::json::parse(captured([&] { show_incident(s.g, 1, Format::json); }));
    CHECK(story["status"] == "open");
    REQUIRE(story["history"].size() == 3);
    CHECK(story["history"][2]["what"] == "reopened");
    CHECK(story["history"][2]["by"] == "carol");
    CHECK(story["history"][2]["why"] == "still reachable");
    REQUIRE(story["notes"].size() == 1);
    CHECK(story["notes"][0]["by"] == "dave");
    CHECK(story["notes"][0]["text"] == "called the customer");
    CHECK(story["notes"][0]["at"] == "2024-01-05T00:00:00Z");
  }

  TEST_CASE("author: --by wins, else a login name") {
    CHECK(author(std::string("alice")) == "alice");
    CHECK_FALSE(author(std::nullopt).empty());
  }
}

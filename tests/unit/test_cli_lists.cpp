// Lists: their filters checked, their order, spans of time, and the
// columns every format carries.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

using namespace cli_test;

namespace {

Row row(const std::string& ip, UnixTime timestamp) {
  Row r;
  r.ip = parse_ip(ip).value();
  r.timestamp = timestamp;
  r.port = 6379;
  return r;
}

// Customers c1 "Muster Hosting" (192.0.2.0/25) and c2 "Muster Cloud"
// (192.0.2.128/25); incidents 1: 192.0.2.10 redis day 0, 2: 192.0.2.9
// redis day 2, 3: 192.0.2.200 memcached day 4 (resolved day 5).
void fill(Store& store) {
  store.replace_customers(
      {{"c1", "Muster Hosting", {"a@muster.example"}, Language::de, {parse_network("192.0.2.0/25").value()}},
       {"c2", "Muster Cloud", {"b@muster.example"}, Language::de, {parse_network("192.0.2.128/25").value()}}},
      k_t0);
  std::int64_t mail = store.add_mail({"raw", "test", "subject", "cert@example", "<m@x>"}, k_t0);
  auto add = [&](const std::string& service, Row r) {
    Report report;
    report.ticket = "CB-Report#" + r.ip.to_string();
    report.service = service;
    report.status = ReportStatus::parsed;
    report.rows = {std::move(r)};
    store.record_events(store.add_report(mail, report), report, 7, k_t0);
  };
  add("redis", row("192.0.2.10", k_t0));
  add("redis", row("192.0.2.9", k_t0 + 2 * k_day));
  add("memcached", row("192.0.2.200", k_t0 + 4 * k_day));
  store.resolve_incident(3, k_t0 + 5 * k_day);
}

std::vector<int> ids_of(const std::string& json_text) {
  std::vector<int> out;
  for (const auto& item : nlohmann::json::parse(json_text)) out.push_back(item["id"].get<int>());
  return out;
}

struct Filled : Setup {
  Filled() {
    Context ctx(g);
    fill(ctx.store);
  }
  std::vector<int> ids(IncidentQuery q) {
    q.format = Format::json;
    if (!q.open && !q.resolved) q.all = true;
    return ids_of(captured([&] { incidents(g, q); }));
  }
};

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("parse_when: dates, times and spans back from now") {
    const UnixTime now = k_t0 + 10 * k_day;
    CHECK(parse_when("--since", "7d", now, false) == now - 7 * k_day);
    CHECK(parse_when("--since", "12h", now, false) == now - 12 * 3600);
    CHECK(parse_when("--since", "2w", now, false) == now - 14 * k_day);
    CHECK(parse_when("--since", "2024-01-01", now, false) == k_t0);
    CHECK(parse_when("--until", "2024-01-01", now, true) == k_t0 + k_day - 1);
    CHECK(parse_when("--until", "2024-01-01T06:00:00Z", now, true) == k_t0 + 6 * 3600);
    for (const char* bad : {"7", "d", "7m", "-7d", "yesterday", "2024-13-01"}) {
      CHECK(failure_exit([&] { parse_when("--since", bad, now, false); }) == 64);
    }
    CHECK(
        failure_message([&] { parse_when("--since", "yesterday", now, false); }).starts_with("--since: \"yesterday\""));
  }

  TEST_CASE("incidents: --service in any case; an unknown one is a usage error naming the services") {
    Filled s;
    IncidentQuery q;
    q.service = "Redis";
    CHECK(s.ids(q) == std::vector<int>{1, 2});
    q.service = "gartenzwerg";
    auto message = failure_message([&] { s.ids(q); });
    CHECK(message.find("\"gartenzwerg\" is not a service") != std::string::npos);
    CHECK(message.find("memcached") != std::string::npos);
    CHECK(failure_exit([&] { s.ids(q); }) == 64);
  }

  TEST_CASE("incidents: --customer takes an id or an unambiguous name") {
    Filled s;
    IncidentQuery q;
    q.customer = "c2";
    CHECK(s.ids(q) == std::vector<int>{3});
    q.customer = "muster hosting";
    CHECK(s.ids(q) == std::vector<int>{1, 2});
    q.customer = "Cloud";
    CHECK(s.ids(q) == std::vector<int>{3});
    q.customer = "Muster";
    CHECK(failure_exit([&] { s.ids(q); }) == 64);
    CHECK(failure_message([&] { s.ids(q); }).find("c1 (Muster Hosting), c2 (Muster Cloud)") != std::string::npos);
    q.customer = "Example Ltd";
    CHECK(failure_exit([&] { s.ids(q); }) == 64);
  }

  TEST_CASE("incidents: --sort, --reverse, --limit; ip sorts by address") {
    Filled s;
    IncidentQuery q;
    CHECK(s.ids(q) == std::vector<int>{1, 2, 3});  // by id
    q.list.sort = "ip";
    CHECK(s.ids(q) == std::vector<int>{2, 1, 3});  // 192.0.2.9 < 192.0.2.10 < 192.0.2.200
    q.list.sort = "last_seen";
    q.list.reverse = true;
    q.list.limit = 2;
    CHECK(s.ids(q) == std::vector<int>{3, 2});
    q.list.sort = "color";
    CHECK(failure_exit([&] { s.ids(q); }) == 64);
    CHECK(failure_message([&] { s.ids(q); }).find("last_notice") != std::string::npos);
    q.list.sort.reset();
    q.list.limit = -1;
    CHECK(failure_exit([&] { s.ids(q); }) == 64);
  }

  TEST_CASE("incidents: --since and --until keep those seen in the span") {
    Filled s;
    FixedNow now("2024-01-06T00:00:00Z");
    IncidentQuery q;
    q.since = "2024-01-03";
    CHECK(s.ids(q) == std::vector<int>{2, 3});
    q.until = "2024-01-03";  // the whole day
    CHECK(s.ids(q) == std::vector<int>{2});
    q = {};
    q.since = "3d";  // since 2024-01-03T00:00:00Z
    CHECK(s.ids(q) == std::vector<int>{2, 3});
  }

  TEST_CASE("incidents: the customer's name, resolved_at and last_notice in JSON, CSV and the table") {
    Filled s;
    IncidentQuery q;
    q.all = true;
    q.format = Format::json;
    auto json = nlohmann::json::parse(captured([&] { incidents(s.g, q); }));
    CHECK(json[0]["customer_name"] == "Muster Hosting");
    CHECK(json[0]["resolved_at"].is_null());
    CHECK(json[0]["last_notice"].is_null());
    CHECK(json[2]["resolved_at"] == "2024-01-06T00:00:00Z");
    q.format = Format::csv;
    std::string csv = captured([&] { incidents(s.g, q); });
    CHECK(csv.starts_with(
        "id,ip,port,service,asn,customer,name,status,first_seen,last_seen,resolved_at,last_notice,tickets\r\n"));
    CHECK(csv.find(",c2,Muster Cloud,resolved,2024-01-05T00:00:00Z,2024-01-05T00:00:00Z,2024-01-06T00:00:00Z,,") !=
          std::string::npos);
    q.format = Format::table;
    std::string table = captured([&] { incidents(s.g, q); });
    CHECK(table.find("resolved_at") != std::string::npos);
    CHECK(table.find("Muster Cloud") != std::string::npos);
  }

  TEST_CASE("mails: an unknown --status or --verdict is a usage error naming the valid values") {
    Setup s;
    MailQuery q;
    q.status = "needs-review";
    CHECK(failure_exit([&] { mails(s.g, q); }) == 64);
    CHECK(failure_message([&] { mails(s.g, q); }) ==
          "--status: \"needs-review\" is not a mail status (pending, parsed, needs_review, rejected, dismissed or "
          "duplicate)");
    q.status.reset();
    q.verdict = "signed";
    CHECK(failure_message([&] { mails(s.g, q); }).find("verified, unsigned, bad_signature") != std::string::npos);
  }

  TEST_CASE("mails: --since, --until, --sort, --reverse and --limit") {
    Setup s;
    {
      Context ctx(s.g);
      for (int day = 0; day < 3; ++day) {
        ctx.store.add_mail({"raw " + std::to_string(day), "test", "subject", "cert@example", "<m@x>"},
                           k_t0 + day * k_day);
      }
    }
    MailQuery q;
    q.format = Format::json;
    q.since = "2024-01-02";
    CHECK(ids_of(captured([&] { mails(s.g, q); })) == std::vector<int>{2, 3});
    q.until = "2024-01-02";
    CHECK(ids_of(captured([&] { mails(s.g, q); })) == std::vector<int>{2});
    q = {};
    q.format = Format::json;
    q.list.sort = "received";
    q.list.reverse = true;
    q.list.limit = 2;
    CHECK(ids_of(captured([&] { mails(s.g, q); })) == std::vector<int>{3, 2});
  }
}

// The CLI library: commands against a real config file and SQLite file,
// their standard output captured.

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli_fixture.hpp"
#include "forwarded_mail.hpp"
#include "json.hpp"
#include "signature_fixture.hpp"
#include "temp_dir.hpp"

using namespace cli_test;

namespace {

Row row(const std::string& ip, UnixTime timestamp) {
  Row r;
  r.ip = parse_ip(ip).value();
  r.timestamp = timestamp;
  r.port = 11211;
  return r;
}

// Three incidents of two services: 192.0.2.1 (c1) resolved after 2 days,
// 192.0.2.2 (c1) resolved after 4 days, 203.0.113.9 (unassigned) open.
void fill(Store& store) {
  store.replace_customers(
      {{"c1", "Muster", {"abuse@muster.example"}, Language::de, {parse_network("192.0.2.0/24").value()}}}, k_t0);
  std::int64_t mail = store.add_mail({"raw", "test", "subject", "cert@example", "<m@x>"}, k_t0);
  Report report;
  report.ticket = "CB-Report#1";
  report.service = "memcached";
  report.status = ReportStatus::parsed;
  report.rows = {row("192.0.2.1", k_t0), row("192.0.2.2", k_t0)};
  store.record_events(store.add_report(mail, report), report, 7, k_t0);
  report.service = "redis";
  report.rows = {row("203.0.113.9", k_t0)};
  store.record_events(store.add_report(mail, report), report, 7, k_t0);
  CHECK(store.resolve_incident(1, k_t0 + 2 * k_day));
  CHECK(store.resolve_incident(2, k_t0 + 4 * k_day));
}

// After fill(): 203.0.113.9 reported again by a second ticket (a
// vulnerability) and again by the first, with an AS; 2001:db8::1 of a
// customer whose id is not ASCII.
void more_incidents(Store& store) {
  store.replace_customers(
      {{"c1", "Muster", {"abuse@muster.example"}, Language::de, {parse_network("192.0.2.0/24").value()}},
       {"kunde-ä", "Kunde", {"abuse@kunde.example"}, Language::en, {parse_network("2001:db8::/32").value()}}},
      k_t0);
  std::int64_t mail = store.add_mail({"raw2", "test", "subject", "cert@example", "<m2@x>"}, k_t0);
  Report report;
  report.service = "redis";
  report.status = ReportStatus::parsed;
  for (const char* ticket : {"CB-Report#2", "CB-Report#1", ""}) {
    report.ticket = ticket;
    report.report_class = report.ticket == "CB-Report#2" ? ReportClass::vulnerability : ReportClass::exposure;
    Row r = row("203.0.113.9", k_t0 + k_day * (report.ticket.size() + 1));
    r.asn = 64496;
    report.rows = {r, row("2001:db8::1", k_t0 + k_day)};
    store.record_events(store.add_report(mail, report), report, 7, k_t0 + 2 * k_day);
  }
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("Context loads the config and opens the database init made") {
    Setup s;
    Context ctx(s.g);
    CHECK(ctx.config.database_path == s.dir.path / "var/db.sqlite");
    CHECK(std::filesystem::exists(s.dir.path / "var/db.sqlite"));
  }

  TEST_CASE("only init creates the database: dir 0750, file 0640 whatever the umask; again changes nothing") {
    Setup s;
    std::filesystem::remove_all(s.dir.path / "var");
    CHECK(failure_message([&] { Context ctx(s.g); }).find("run `certbund init`") != std::string::npos);
    CHECK(failure_exit([&] { Context ctx(s.g, Access::read); }) == 78);
    CHECK_FALSE(std::filesystem::exists(s.dir.path / "var"));
    mode_t old = ::umask(0);
    initialised(s.g);
    ::umask(old);
    struct stat dir {
    }, file{};
    REQUIRE(::stat((s.dir.path / "var").c_str(), &dir) == 0);
    REQUIRE(::stat((s.dir.path / "var/db.sqlite").c_str(), &file) == 0);
    CHECK((dir.st_mode & 07777) == 0750);
    CHECK((file.st_mode & 07777) == 0640);
    {
      Context ctx(s.g);
      ctx.store.add_mail({"Subject: x\n\nbody\n", "test", "x", "", "<x@y>"}, k_t0);
    }
    initialised(s.g);
    Context ctx(s.g, Access::read);
    CHECK(ctx.store.mails({}).size() == 1);
  }

  TEST_CASE("Context without a config file is a config error") {
    Global g;
    g.config_path = "/nonexistent/certbund.toml";
    try {
      Context ctx(g);
      FAIL("no Failure");
    } catch (const Failure& f) {
      CHECK(f.exit() == Exit::config);
    }
  }

  TEST_CASE("stats: counts and medians per service and customer, as JSON") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    auto json = nlohmann::json::parse(captured([&] { stats(s.g, Format::json); }));
    CHECK(json["services"]["memcached"]["open"] == 0);
    CHECK(json["services"]["memcached"]["resolved"] == 2);
    CHECK(json["services"]["memcached"]["median_days_to_fix"] == 4.0);  // the upper of two
    CHECK(json["services"]["redis"]["open"] == 1);
    CHECK(json["services"]["redis"]["median_days_to_fix"].is_null());
    CHECK(json["customers"]["c1"]["resolved"] == 2);
    CHECK(json["customers"]["(unassigned)"]["open"] == 1);
    CHECK(json["mails"]["parsed ()"] == 1);
  }

  TEST_CASE("stats: the table lists the unassigned first") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    std::string table = captured([&] { stats(s.g, Format::table); });
    CHECK(table.find("(unassigned)  1     0         -") != std::string::npos);
    CHECK(table.find("c1            0     2         4.0") != std::string::npos);
    CHECK(table.find("(unassigned)") < table.find("c1 "));
  }

  TEST_CASE("stats: CSV is one table, a column names the section") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    std::string csv = captured([&] { stats(s.g, Format::csv); });
    CHECK(csv.starts_with("section,key,open,resolved,median_days_to_fix,mails\r\n"));
    CHECK(csv.find("\r\nservice,memcached,0,2,4.0,\r\n") != std::string::npos);
    CHECK(csv.find("\r\ncustomer,(unassigned),1,0,,\r\n") != std::string::npos);
    CHECK(csv.find("\r\nmails,parsed (),,,,1\r\n") != std::string::npos);
    CHECK(csv.find("\r\n\r\n") == std::string::npos);  // no blank line between sections
  }

  TEST_CASE("resolve: an incident that is not open exits 66 and resolves the others") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    CHECK(resolve(s.g, {3, 1}) == static_cast<int>(Exit::no_input));
    Context ctx(s.g);
    IncidentFilter open;
    CHECK(ctx.store.incidents(open).empty());
  }

  TEST_CASE("incidents: two of --open, --resolved, --all is a usage error") {
    Setup s;
    IncidentQuery q;
    q.open = q.all = true;
    try {
      incidents(s.g, q);
      FAIL("no Failure");
    } catch (const Failure& f) {
      CHECK(f.exit() == Exit::usage);
    }
  }

  TEST_CASE("incidents: the table, CSV and JSON as printed, one incident after another") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
      more_incidents(ctx.store);
    }
    const std::string k_table =
        R"(id  ip           port   service    asn    customer      name    status    first_seen            last_seen             resolved_at           last_notice  tickets
--  -----------  -----  ---------  -----  ------------  ------  --------  --------------------  --------------------  --------------------  -----------  -----------------------
1   192.0.2.1    11211  memcached         c1            Muster  resolved  2024-01-01T00:00:00Z  2024-01-01T00:00:00Z  2024-01-03T00:00:00Z               CB-Report#1
2   192.0.2.2    11211  memcached         c1            Muster  resolved  2024-01-01T00:00:00Z  2024-01-01T00:00:00Z  2024-01-05T00:00:00Z               CB-Report#1
3   203.0.113.9  11211  redis      64496  (unassigned)          open      2024-01-01T00:00:00Z  2024-01-13T00:00:00Z                                     CB-Report#1 CB-Report#2
4   2001:db8::1  11211  redis             kunde-ä       Kunde   open      2024-01-02T00:00:00Z  2024-01-02T00:00:00Z                                     CB-Report#2
)";
    const std::string k_csv =
        "id,ip,port,service,asn,customer,name,status,first_seen,last_seen,resolved_at,last_notice,tickets\r\n"
        "1,192.0.2.1,11211,memcached,,c1,Muster,resolved,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,2024-01-03T00:00:"
        "00Z,,CB-Report#1\r\n"
        "2,192.0.2.2,11211,memcached,,c1,Muster,resolved,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,2024-01-05T00:00:"
        "00Z,,CB-Report#1\r\n"
        "3,203.0.113.9,11211,redis,64496,(unassigned),,open,2024-01-01T00:00:00Z,2024-01-13T00:00:00Z,,,CB-Report#1 "
        "CB-Report#2\r\n"
        "4,2001:db8::1,11211,redis,,kunde-ä,Kunde,open,2024-01-02T00:00:00Z,2024-01-02T00:00:00Z,,,CB-Report#2\r\n";
    const std::string k_json = R"([
  {
    "id": 1,
    "ip": "192.0.2.1",
    "port": 11211,
    "service": "memcached",
    "class": "exposure",
    "asn": null,
    "customer": "c1",
    "customer_name": "Muster",
    "status": "resolved",
    "first_seen": "2024-01-01T00:00:00Z",
    "last_seen": "2024-01-01T00:00:00Z",
    "resolved_at": "2024-01-03T00:00:00Z",
    "resolution": null,
    "last_notice": null,
    "tickets": [
      "CB-Report#1"
    ]
  },
  {
    "id": 2,
    "ip": "192.0.2.2",
    "port": 11211,
    "service": "memcached",
    "class": "exposure",
    "asn": null,
    "customer": "c1",
    "customer_name": "Muster",
    "status": "resolved",
    "first_seen": "2024-01-01T00:00:00Z",
    "last_seen": "2024-01-01T00:00:00Z",
    "resolved_at": "2024-01-05T00:00:00Z",
    "resolution": null,
    "last_notice": null,
    "tickets": [
      "CB-Report#1"
    ]
  },
  {
    "id": 3,
    "ip": "203.0.113.9",
    "port": 11211,
    "service": "redis",
    "class": "exposure",
    "asn": 64496,
    "customer": null,
    "customer_name": null,
    "status": "open",
    "first_seen": "2024-01-01T00:00:00Z",
    "last_seen": "2024-01-13T00:00:00Z",
    "resolved_at": null,
    "resolution": null,
    "last_notice": null,
    "tickets": [
      "CB-Report#1",
      "CB-Report#2"
    ]
  },
  {
    "id": 4,
    "ip": "2001:db8::1",
    "port": 11211,
    "service": "redis",
    "class": "vulnerability",
    "asn": null,
    "customer": "kunde-ä",
    "customer_name": "Kunde",
    "status": "open",
    "first_seen": "2024-01-02T00:00:00Z",
    "last_seen": "2024-01-02T00:00:00Z",
    "resolved_at": null,
    "resolution": null,
    "last_notice": null,
    "tickets": [
      "CB-Report#2"
    ]
  }
]
)";
    IncidentQuery q;
    q.all = true;
    q.format = Format::table;
    CHECK(captured([&] { incidents(s.g, q); }) == k_table);
    q.format = Format::csv;
    CHECK(captured([&] { incidents(s.g, q); }) == k_csv);
    q.format = Format::json;
    CHECK(captured([&] { incidents(s.g, q); }) == k_json);
    q.all = false;
    q.service = "mongodb";  // known, but not reported here
    CHECK(captured([&] { incidents(s.g, q); }) == "[]\n");
    q.format = Format::csv;
    CHECK(captured([&] { incidents(s.g, q); }) ==
          "id,ip,port,service,asn,customer,name,status,first_seen,last_seen,resolved_at,last_notice,tickets\r\n");
  }

  TEST_CASE("incidents: the JSON written directly is byte for byte nlohmann's, escapes and nulls included") {
    std::vector<IncidentInfo> list(5);
    list[0].id = 1;
    list[0].ip = parse_ip("192.0.2.1").value();
    list[0].service = "redis";
    list[0].report_class = "exposure";
    list[1] = list[0];
    list[1].id = 2;
    list[1].ip = parse_ip("2001:db8::1").value();
    list[1].port = 6379;
    list[1].asn = 64496;
    list[1].customer = "c1";
    list[1].customer_name = "Beispiel GmbH";
    list[1].status = IncidentStatus::resolved;
    list[1].first_seen = -1;
    list[1].last_seen = 1704067200;
    list[1].resolved_at = 253402300800;  // past the year 9999
    list[1].resolution = "not seen again";
    list[1].last_notice = 1704067300;
    list[1].tickets = {"CB-Report#1", "CB-Report#2"};
    list[2] = list[1];
    list[2].id = 3;
    list[2].customer = "Kunde \"\u00c4\" \\ \x1b[31m\t\u202e";
    list[2].customer_name = "M\u00fcller & S\u00f6hne";
    list[2].service = "line\nbreak\x7f";
    list[2].tickets = {"\x01"};
    list[3] = list[0];
    list[3].id = 4;
    list[3].tickets = {"x"};
    list[4] = list[3];
    list[4].id = 5;
    list[4].report_class = "vulnerability";
    std::ostringstream by_value, direct;
    JsonArrayWriter a(by_value), b(direct);
    for (const IncidentInfo& i : list) {
      a.add(incident_json(i));
      b.add_incident(i);
    }
    a.finish();
    b.finish();
    CHECK(direct.str() == by_value.str());
    nlohmann::ordered_json whole = nlohmann::ordered_json::array();
    for (const IncidentInfo& i : list) whole.push_back(incident_json(i));
    CHECK(direct.str() == whole.dump(2) + "\n");
    std::ostringstream empty;
    JsonArrayWriter(empty).finish();
    CHECK(empty.str() == "[]\n");
  }

  TEST_CASE("SpooledTable: the bytes print_table writes, for a short list and one long enough for its file") {
    for (int n : {0, 3, 40'000}) {
      CAPTURE(n);
      Table table{{"id", "name", "note"}, {}};
      for (int i = 0; i < n; ++i) {
        table.rows.push_back({std::to_string(i), i % 7 ? "Kunde " + std::to_string(i) : "M\u00fcller \x1b[31m\t\u202e",
                              i == n / 2 ? std::string(300, 'w') : ""});
      }
      std::ostringstream whole, spooled;
      print_table(whole, table);
      SpooledTable writer(spooled, table.headers);
      for (const auto& row : table.rows) writer.add(row);
      writer.finish();
      CHECK(spooled.str() == whole.str());
    }
  }

  TEST_CASE("SpooledTable: rows of megabytes, cut where a read of its file ends, cells of any length and width") {
    Table table{{"id", "name", "note"}, {}};
    for (int i = 0; i < 8'000; ++i) {
      std::string name = std::string(static_cast<std::size_t>(i % 509), 'x') + (i % 3 ? "" : "\u00e4\u4e2d\x07");
      table.rows.push_back({std::to_string(i), name, i == 4'000 ? std::string(20'000, 'n') : "-"});
    }
    std::ostringstream whole, spooled;
    print_table(whole, table);
    SpooledTable writer(spooled, table.headers);
    for (const auto& row : table.rows) writer.add(row);
    writer.finish();
    REQUIRE(whole.str().size() > 3 << 20);  // beyond what the table keeps in memory
    CHECK(spooled.str() == whole.str());
  }

  TEST_CASE("now: $CERTBUND_NOW fixes the clock, and a bad one is a usage error") {
    setenv("CERTBUND_NOW", "2024-01-01T00:00:00Z", 1);
    CHECK(now() == k_t0);
    setenv("CERTBUND_NOW", "yesterday", 1);
    CHECK_THROWS_AS(now(), Failure);
    unsetenv("CERTBUND_NOW");
  }
}

TEST_CASE("reparse and mails show: a carrier stored before attached mails were read gives up its report") {
  TempDir dir;
  Global g;
  g.quiet = true;
  g.config_path =
      dir.write("certbund.toml", "[database]\npath = \"db.sqlite\"\n[pgp]\ngnupg_home = \"" +
                                     certbund::test::Keyring::home() + "\"\ntrusted_fingerprints = [\"" +
                                     certbund::test::fingerprints()["trusted"] +
                                     "\"]\n[smtp]\nurl = \"smtp://127.0.0.1:2525\"\nfrom = \"abuse@example.net\"\n")
          .string();
  initialised(g);
  {
    Context ctx(g);
    auto id = ctx.store.add_mail({certbund::test::forward(certbund::test::sample("cbreport-redis-inline.eml")),
                                  "old.mbox:7", "Fwd: report", "colleague", "<m@x>"},
                                 k_t0);
    ctx.store.set_verification(id, {Verdict::unsigned_, SignatureKind::none, "", "no signature", ""});
  }
  CHECK(captured([&] { reparse(g, false, {1}); }) ==
        "mail 1: attached mail 2 found: verified CB-Report#20240115-10001234, 3 new events, 0 notices queued\n");
  CHECK(captured([&] { reparse(g, false, {1}); }) == "mail 1: unchanged (rejected, unsigned, 0 rows)\n");
  std::string carrier = captured([&] { show_mail(g, 1, false); });
  CHECK(carrier.find("  attached: mail 2 (each verified on its own)\n") != std::string::npos);
  std::string report = captured([&] { show_mail(g, 2, false); });
  CHECK(report.find("  came attached to: mail 1\n") != std::string::npos);
  CHECK(report.find("  origin:   old.mbox:7, attached mail 1\n") != std::string::npos);
}

TEST_CASE("mails: an unknown --status is a usage error, as an unknown --verdict") {
  Setup s;
  MailQuery q;
  q.status = "done";
  CHECK_THROWS_AS(mails(s.g, q), Failure);
  q.status = "pending";
  CHECK(captured([&] { mails(s.g, q); }).find("id") != std::string::npos);
}

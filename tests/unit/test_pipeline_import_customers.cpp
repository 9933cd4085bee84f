// Pipeline::import_customers: a customer list that covers addresses of open
// unassigned incidents attributes them by the history at their scan times
// and queues a notice for what was scanned within remind_after_days.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/pipeline.hpp"
#include "temp_dir.hpp"

using namespace certbund;
using certbund::test::TempDir;

namespace {

constexpr UnixTime k_day = 24 * 60 * 60;
constexpr UnixTime k_t0 = 1704067200;  // 2024-01-01T00:00:00Z

Network net(std::string_view text) { return parse_network(text).value(); }

Row row(const std::string& ip, UnixTime scanned) {
  Row r;
  r.ip = parse_ip(ip).value();
  r.timestamp = scanned;
  r.port = 6379;
  r.asn = 64496;
  r.extra = {{"version", "7.0.1"}};
  return r;
}

struct Fixture {
  TempDir dir;
  Config config = [this] {
    Config c;
    c.database_path = dir.path / "db.sqlite";
    std::filesystem::create_directories(dir.path / "gnupg");
    c.trust.gnupg_home = (dir.path / "gnupg").string();
    c.notices.templates_dir = std::filesystem::path(CERTBUND_SOURCE_DIR) / "templates";
    c.notices.from = "Abuse Desk <abuse@example.net>";
    c.remind_after_days = 7;
    return c;
  }();
  Store store{config.database_path};
  std::vector<Customer> customers{
      {"c1001", "Muster Hosting GmbH", {"abuse@muster.example"}, Language::de, {net("192.0.2.0/24")}}};

  // A verified report of Redis servers, recorded at `now`.
  void report(const std::string& ticket, std::vector<Row> rows, UnixTime now) {
    std::int64_t mail = store.add_mail({"raw " + ticket, "test", "subject", "cert@example", "<" + ticket + ">"}, now);
    Report r;
    r.ticket = ticket;
    r.topic = "Offene Redis-Server";
    r.service = "redis";
    r.status = ReportStatus::parsed;
    r.columns = {"asn", "ip", "timestamp", "port", "version"};
    r.rows = std::move(rows);
    store.record_events(store.add_report(mail, r), r, config.remind_after_days, now);
  }
  std::int64_t count(const std::string& sql) { return store.db().execAndGet(sql).getInt64(); }
  std::string text(const std::string& sql) { return store.db().execAndGet(sql).getString(); }
};

}  // namespace

TEST_CASE("import_customers: unassigned incidents get their new owner and one notice for the recent scans") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  pipeline.import_customers(f.customers, k_t0);
  const UnixTime now = k_t0 + 30 * k_day;
  f.report("CB-Report#20240110-1", {row("203.0.113.9", k_t0 + 9 * k_day)}, k_t0 + 10 * k_day);
  f.report("CB-Report#20240128-2", {row("203.0.113.5", now - 3 * k_day), row("203.0.113.6", now - 2 * k_day)},
           now - k_day);
  CHECK(f.count("SELECT count(*) FROM incidents WHERE customer IS NULL") == 3);
  CHECK(f.count("SELECT count(*) FROM outbox") == 0);

  auto more = f.customers;
  more.push_back({"c1005", "Late GmbH", {"abuse@late.example"}, Language::en, {net("203.0.113.0/24")}});
  CustomerImport result = pipeline.import_customers(more, now);
  CHECK(result.changes.opened == 1);
  CHECK(result.attributed_incidents == 3);
  CHECK(result.attributed_events == 3);
  CHECK(result.notices == 1);
  CHECK(f.count("SELECT count(*) FROM incidents WHERE customer = 'c1005'") == 3);
  REQUIRE(f.count("SELECT count(*) FROM outbox") == 1);
  CHECK(f.text("SELECT customer FROM outbox") == "c1005");
  CHECK(f.text("SELECT ticket FROM outbox") == "CB-Report#20240128-2");
  const std::string bytes = f.text("SELECT CAST(bytes AS TEXT) FROM outbox");
  CHECK(bytes.find("203.0.113.5") != std::string::npos);
  CHECK(bytes.find("203.0.113.6") != std::string::npos);
  CHECK(bytes.find("203.0.113.9") == std::string::npos);  // scanned 21 days ago: attributed, not notified
  // The notified incidents wait remind_after_days like any other.
  CHECK(f.count("SELECT count(*) FROM incidents WHERE last_notified = " + std::to_string(now)) == 2);

  // The same list again changes nothing and tells nobody twice.
  CustomerImport again = pipeline.import_customers(more, now + k_day);
  CHECK(again.attributed_incidents == 0);
  CHECK(again.notices == 0);
  CHECK(f.count("SELECT count(*) FROM outbox") == 1);
}

TEST_CASE("import_customers: a failed import leaves the list, the incidents and the outbox as they were") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  pipeline.import_customers(f.customers, k_t0);
  f.report("CB-Report#20240110-1", {row("203.0.113.5", k_t0 + 9 * k_day)}, k_t0 + 10 * k_day);
  f.config.notices.from = "not an address";  // the renderer refuses it
  Pipeline broken(f.config, f.store);
  auto more = f.customers;
  more.push_back({"c1005", "Late GmbH", {"abuse@late.example"}, Language::en, {net("203.0.113.0/24")}});
  CHECK_THROWS_AS(broken.import_customers(more, k_t0 + 11 * k_day), Failure);
  CHECK(f.count("SELECT count(*) FROM customers") == 1);
  CHECK(f.count("SELECT count(*) FROM incidents WHERE customer IS NULL") == 1);
  CHECK(f.count("SELECT count(*) FROM outbox") == 0);
}

TEST_CASE("import_customers: a first import, loaded without foreign-key lookups, leaves every reference sound") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  auto customers = f.customers;
  customers.push_back(
      {"c1002", "Zweite AG", {"abuse@zweite.example"}, Language::en, {net("198.51.100.0/24"), net("2001:db8::/32")}});
  pipeline.import_customers(customers, k_t0);
  CHECK(f.count("SELECT count(*) FROM customer_networks") == 3);
  CHECK(f.count("SELECT count(*) FROM pragma_foreign_key_check") == 0);
  CHECK(f.count("PRAGMA foreign_keys") == 1);  // on again for whatever the connection does next
}

TEST_CASE("import_customers: a failed first import stores nothing and leaves foreign keys checked") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  auto broken = f.customers;
  broken.push_back({"", "No Id", {"x@y.example"}, Language::en, {net("203.0.113.0/24")}});  // CHECK (length(id) > 0)
  CHECK_THROWS_AS(pipeline.import_customers(broken, k_t0), Failure);
  CHECK(f.count("SELECT count(*) FROM customers") == 0);
  CHECK(f.count("SELECT count(*) FROM customer_networks") == 0);
  CHECK(f.count("PRAGMA foreign_keys") == 1);
  CHECK_THROWS_AS(f.store.db().exec("INSERT INTO customer_networks (customer_id, network, family, prefix, first, last,"
                                    " valid_from) VALUES ('nobody', '10.0.0.0/8', 4, 8, x'00', x'00', 0)"),
                  SQLite::Exception);
  CHECK(pipeline.import_customers(f.customers, k_t0).changes.opened == 1);
}

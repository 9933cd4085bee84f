#pragma once
// Shared by the store tests: a fresh database in a fresh folder, and
// small builders for reports and rows.

#include <cstdlib>
#include <filesystem>

#include "certbund/store.hpp"
#include "temp_dir.hpp"

namespace store_test {

using namespace certbund;

constexpr UnixTime k_day = k_day_seconds;
constexpr UnixTime k_t0 = 1430623271;  // 2015-05-03T03:21:11Z

using certbund::test::TempDir;

inline Row row(std::string ip, std::optional<UnixTime> timestamp, std::optional<int> port = 11211,
               std::optional<std::int64_t> asn = 64500) {
  Row r;
  r.ip = parse_ip(ip).value();
  r.timestamp = timestamp;
  r.port = port;
  r.asn = asn;
  return r;
}

inline Report report(std::string ticket, std::vector<Row> rows, std::string service = "memcached") {
  Report r;
  r.ticket = std::move(ticket);
  r.topic = "Offene Memcached-Server";
  r.service = std::move(service);
  r.status = ReportStatus::parsed;
  r.columns = {"asn", "ip", "timestamp", "port"};
  r.rows = std::move(rows);
  return r;
}

inline std::vector<Customer> sample_customers() {
  auto net = [](std::string_view text) { return parse_network(text).value(); };
  return {
      {"c1001",
       "Muster Hosting GmbH",
       {"abuse@muster.example"},
       Language::de,
       {net("192.0.2.0/24"), net("2001:db8:10::/48")}},
      {"c1002", "Example Ltd", {"security@example.org"}, Language::en, {net("198.51.100.0/24")}},
      {"c1003", "Beispiel AG", {"it@beispiel.example"}, Language::de_en, {net("192.0.2.128/26")}},
  };
}

// A store in a fresh folder, with a stored mail to hang reports on.
struct Fixture {
  TempDir dir;
  Store store{dir.path / "db" / "certbund.sqlite"};
  std::int64_t mail_id = store.add_mail({"raw mail", "test", "subject", "cert@example", "<m@x>"}, k_t0);

  // Stores `r` as a new report and records its events.
  std::vector<EventOutcome> ingest(const Report& r, UnixTime now, int remind_after_days = 7) {
    const auto report_id = store.add_report(mail_id, r);
    return store.record_events(report_id, r, remind_after_days, now);
  }
};

}  // namespace store_test

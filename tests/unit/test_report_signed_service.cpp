// The service comes from what CERT-Bund signed; the Subject, outside any
// PGP/MIME or S/MIME signature, is a label that decides nothing. Rows that
// cannot be read or believed are held one by one.

#include <doctest/doctest.h>

#include "certbund/report.hpp"
#include "report_support.hpp"

using namespace certbund;
using namespace report_test;

namespace {

// The signed body of forged-subject-*.eml: no word of the service, rows on 6379.
const std::string k_bare_rows =
    "\"asn\",\"ip\",\"timestamp\",\"port\",\"version\"\n"
    "\"64496\",\"192.0.2.30\",\"2024-01-14 03:12:45\",\"6379\",\"7.0.11\"\n"
    "\"64496\",\"198.51.100.30\",\"2024-01-14 03:12:45\",\"6379\",\"7.0.11\"";

Report under(std::string_view subject, const std::string& body) { return parse_report(subject, text_only(body)); }

std::string letter(std::string_view explanation, std::string_view data) {
  return "Sehr geehrte Damen und Herren,\n\n" + std::string(explanation) +
         "\n\nBetroffene Systeme in Ihrem Netzbereich:\n\n" + std::string(data) + "\n\nTeam CERT-Bund\n";
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("signed service: a Telnet Subject over a signed Redis report is redis, with a note, no Telnet topic") {
    Report r = under("[CB-Report#20991231-99999999] Offene Telnet-Server in AS64496", cb_body(k_bare_rows));
    CHECK(r.status == ReportStatus::parsed);
    CHECK(r.service == "redis");
    CHECK(r.topic.empty());
    CHECK(r.ticket == "CB-Report#20991231-99999999");  // a label only
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0] ==
          "the Subject names telnet (\"Offene Telnet-Server\"), port 6379 of every signed row names redis: the "
          "signed content counts");
  }

  TEST_CASE("signed service: the same body under its own Subject keeps the Subject's topic as a label") {
    Report r = under("[CB-Report#20240115-20000001] Offene Redis-Server in AS64496", cb_body(k_bare_rows));
    CHECK(r.status == ReportStatus::parsed);
    CHECK(r.service == "redis");
    CHECK(r.topic == "Offene Redis-Server");
    CHECK(r.notes.empty());
  }

  TEST_CASE("signed service: signed content that names none holds the report, whatever the Subject says") {
    const std::string rows = "\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.30\",\"2024-01-14 03:12:45\"";
    Report r = under("[CB-Report#20240115-20000002] Offene Memcached-Server in AS64496", cb_body(rows));
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.service == "other");
    CHECK(r.problems == std::vector<std::string>{
                            "the signed content does not name the service; the Subject's \"Offene Memcached-Server\" "
                            "(memcached) is not signed and decides nothing"});
    CHECK_FALSE(only_rows_held(r));
  }

  TEST_CASE("signed service: the explanation names it, a forged Subject names another") {
    Report r = under("[CB-Report#20240115-20000003] Offene Telnet-Server in AS64496",
                     letter("Offene Memcached-Server sind aus dem Internet erreichbar. Memcached ...",
                            "\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.31\",\"2024-01-14 03:12:45\""));
    CHECK(r.service == "memcached");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].find("the signed text names memcached") != std::string::npos);
  }

  TEST_CASE("signed service: DDoS named more often than the service still gives the service") {
    Report r = under("[CERT-Bund#2023061428000123] DDoS",
                     letter("DDoS-Reflexion: DDoS-Angriffe, DDoS ueber offene DNS-Resolver.",
                            "\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.32\",\"2024-01-14 03:12:45\""));
    CHECK(r.service == "dns-resolver");
  }

  TEST_CASE("signed service: the link of the explanation names it") {
    Report r = under("[CB-Report#20240115-20000004] Offene Telnet-Server in AS64496",
                     letter("Weitere Informationen: <https://www.bsi.bund.de/DE/CERT-Bund-Reports/HowTo/"
                            "Offene-Elasticsearch-Server/Offene-Elasticsearch-Server_node.html>",
                            "\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.33\",\"2024-01-14 03:12:45\""));
    CHECK(r.service == "elasticsearch");
  }

  TEST_CASE("signed service: the columns name it (system_desc, a legacy \"Redis version\")") {
    Report snmp = under("[CB-Report#20240115-20000005] Hinweis",
                        cb_body("\"asn\",\"ip\",\"timestamp\",\"system_desc\"\n"
                                "\"64496\",\"192.0.2.34\",\"2024-01-14 03:12:45\",\"Linux\""));
    CHECK(snmp.service == "snmp");
    Report legacy = under("[CERT-Bund#2015020428001099] Hinweis",
                          letter("Nachfolgend die Liste.",
                                 "Format: ASN | IP address | Timestamp (UTC) | Redis version\n"
                                 "64496 | 192.0.2.35 | 2015-02-04 03:00:00 | 2.8"));
    CHECK(legacy.service == "redis");
  }

  TEST_CASE("signed service: a ticket line inside the signed text names it, and gives the ticket") {
    Report r = under("[CB-Report#20991231-99999999] Offene Telnet-Server in AS64496",
                     "[CERT-Bund#2015020428001061] Offene Memcached-Server\n\n" +
                         letter("Nachfolgend die Liste.",
                                "\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.36\",\"2015-02-04 03:00:00\""));
    CHECK(r.service == "memcached");
    CHECK(r.ticket == "CERT-Bund#2015020428001061");
    CHECK(r.topic == "Offene Memcached-Server");
  }

  TEST_CASE("signed service: rows on different ports name nothing") {
    Report r = under("[CB-Report#20240115-20000006] Offene Redis-Server in AS64496",
                     cb_body("\"asn\",\"ip\",\"timestamp\",\"port\"\n"
                             "\"64496\",\"192.0.2.37\",\"2024-01-14 03:12:45\",\"6379\"\n"
                             "\"64496\",\"192.0.2.38\",\"2024-01-14 03:12:45\",\"6380\""));
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.service == "other");
  }

  TEST_CASE("held rows: the readable rows stay, the held ones become a CSV a person can correct") {
    Report r = parse_cb(
        "\"asn\",\"ip\",\"timestamp\",\"port\"\n"
        "\"64496\",\"192.0.2.40\",\"2024-01-14 03:12:45\",\"6379\"\n"
        "\"64496\",\"192.0.2.999\",\"2024-01-14 03:12:45\",\"6379\"\n"
        "\"64496\",\"192.0.2.41\",\"2024-01-14 03:12:45\",\"6379\"");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.rows.size() == 2);
    CHECK(only_rows_held(r));
    CHECK(held_rows_csv(r) ==
          "\"asn\",\"ip\",\"timestamp\",\"port\"\n\"64496\",\"192.0.2.999\",\"2024-01-14 03:12:45\",\"6379\"\n");
    Report again = parse_rows(held_rows_csv(r));
    CHECK(again.rows.empty());  // still unreadable as given: a person corrects it first
  }

  TEST_CASE("held rows: an unbelievable row is held alone, written back as a row parse_rows reads") {
    Report r = parse_cb(
        "\"asn\",\"ip\",\"timestamp\",\"port\"\n"
        "\"64496\",\"192.0.2.42\",\"2024-01-14 03:12:45\",\"6379\"\n"
        "\"64496\",\"192.0.2.43\",\"2099-01-01 00:00:00\",\"6379\"");
    REQUIRE(r.status == ReportStatus::parsed);
    hold_unbelievable(r, {1705302000, 86400});
    CHECK(r.status == ReportStatus::needs_review);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.42");
    CHECK(only_rows_held(r));
    CHECK(held_rows_csv(r) ==
          "\"asn\",\"ip\",\"timestamp\",\"port\"\n\"64496\",\"192.0.2.43\",\"2099-01-01T00:00:00Z\",\"6379\"\n");
    Report read = parse_rows(held_rows_csv(r));
    CHECK(read.status == ReportStatus::parsed);
    CHECK(read.rows.size() == 1);
  }

  TEST_CASE("held rows: a report-wide problem holds the whole report, held rows or not") {
    Report r = parse_report("[CB-Report#20240115-20000007] Hinweis",
                            text_only(cb_body("\"asn\",\"ip\",\"timestamp\",\"port\"\n"
                                              "\"64496\",\"192.0.2.44\",\"2024-01-14 03:12:45\",\"6379\"\n"
                                              "\"64496\",\"192.0.2.45\",\"2024-01-14 03:12:45\",\"70000\"\n"
                                              "\"64496\",\"192.0.2.46\",\"2024-01-14 03:12:45\",\"6380\"")));
    CHECK(r.held.size() == 1);
    CHECK(r.service == "other");  // 6379 and 6380: no port of one service
    CHECK_FALSE(only_rows_held(r));
  }
}

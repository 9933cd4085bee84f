#include <doctest/doctest.h>

#include "certbund/report.hpp"
#include "report_support.hpp"

using namespace certbund;
using namespace report_test;

namespace {

std::optional<std::string> extra(const Row& row, std::string_view title) {
  for (const auto& [name, value] : row.extra) {
    if (name == title) return value;
  }
  FAIL("no extra column " << title);
  return std::nullopt;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("seed mail: legacy pipe table after Format:") {
    Report r = parse_report("[CERT-Bund#2015020428001061] Offene Memcached-Server",
                            text_only(with_ip(seed_mail, "192.0.2.1")));
    CHECK(r.status == ReportStatus::parsed);
    CHECK(r.ticket == "CERT-Bund#2015020428001061");
    CHECK(r.service == "memcached");
    CHECK(r.columns == std::vector<std::string>{"ASN", "IP address", "Timestamp (UTC)", "Port", "Memcached version"});
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].asn == 47215);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.1");
    CHECK(r.rows[0].timestamp == parse_utc_timestamp("2015-05-03 03:21:11"));
    CHECK(r.rows[0].port == 11211);
    REQUIRE(r.rows[0].extra.size() == 1);
    CHECK(extra(r.rows[0], "Memcached version") == "1.4.17");
    CHECK(r.explanation.starts_with("[CERT-Bund#2015020428001061]"));
    CHECK(r.explanation.find("Memcached[1] ist ein Open-Source") != std::string::npos);
    CHECK(r.explanation.find("Betroffene Systeme") == std::string::npos);
  }

  TEST_CASE("seed mail as published: the anonymised IP makes it needs_review") {
    Report r = parse_report("", text_only(std::string(seed_mail)));
    CHECK(r.ticket == "CERT-Bund#2015020428001061");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.rows.empty());
    CHECK(r.problems == std::vector<std::string>{"row 1: \"xxx.xxx.xxx.xxx\" is not an IP address"});
  }

  TEST_CASE("CB-Report with inline quoted CSV") {
    Report r = parse_cb(
        "\"asn\",\"ip\",\"timestamp\",\"version\"\n"
        "\"64496\",\"192.0.2.7\",\"2017-12-03 04:05:06\",\"3.0.6\"\n"
        "\"64496\",\"192.0.2.8\",\"2017-12-03 05:05:06\",\"4.0.1\"");
    CHECK(r.status == ReportStatus::parsed);
    CHECK(r.problems.empty());
    CHECK(r.service == "redis");
    CHECK(r.columns == std::vector<std::string>{"asn", "ip", "timestamp", "version"});
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[1].ip.to_string() == "192.0.2.8");
    CHECK(r.rows[1].asn == 64496);
    CHECK_FALSE(r.rows[1].port.has_value());
    CHECK(extra(r.rows[1], "version") == "4.0.1");
    CHECK(r.explanation.ends_with("======================================================================"));
  }

  TEST_CASE("German-only mail: no English marker line") {
    std::string body = cb_body("\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.9\",\"2024-01-02 03:04:05\"", false,
                               "Verwundbare FortiGate SSL VPN-Server");
    Report r =
        parse_report("[CB-Report#20240102-10000510] Verwundbare FortiGate SSL VPN-Server in AS64496", text_only(body));
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.9");
  }

  TEST_CASE("events.csv attachment: the whole text part is the explanation") {
    Message m = text_only("[English version below]\n\nIm Anhang finden Sie eine Liste betroffener Systeme.\n");
    m.parts.push_back(Part{"text/csv", "events.csv",
                           "\xEF\xBB\xBF\"asn\",\"ip\",\"timestamp\",\"port\"\r\n"
                           "\"64496\",\"192.0.2.10\",\"2025-03-01 10:00:00\",\"110\"\r\n"});
    Report r =
        parse_report("[CB-Report#20250301-10007949] POP3-Server mit unverschlüsselter Authentifizierung in AS64496", m);
    CHECK(r.status == ReportStatus::parsed);
    CHECK(r.service == "pop3");
    CHECK(r.columns.front() == "asn");
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].port == 110);
    CHECK(r.explanation == "[English version below]\n\nIm Anhang finden Sie eine Liste betroffener Systeme.");
  }

  TEST_CASE("manual ticket with timestamp;ip;port") {
    Report r = parse_report("[CERT-Bund#2023031428000123] DDoS-Reflexion über Gameserver",
                            text_only("Sehr geehrte Damen und Herren,\n\nwir beobachten DDoS-Angriffe:\n\n"
                                      "timestamp;ip;port\n2023-03-13 22:01:02;198.51.100.4;27015\n"
                                      "2023-03-13 22:05:00;198.51.100.5;27016\n\nMit freundlichen Grüßen\n"));
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[1].ip.to_string() == "198.51.100.5");
    CHECK(r.rows[1].port == 27016);
    CHECK(r.explanation == "Sehr geehrte Damen und Herren,\n\nwir beobachten DDoS-Angriffe:");
    CHECK(r.service == "ddos");
  }

  TEST_CASE("manual ticket: ip.src and udp.srcport stay extra") {
    Report r = parse_report("[CERT-Bund#2023031428000124] DDoS",
                            text_only("timestamp;ip.src;udp.srcport\n2023-03-13 22:01:02;198.51.100.4;123\n"));
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "198.51.100.4");
    CHECK_FALSE(r.rows[0].port.has_value());
    CHECK(extra(r.rows[0], "udp.srcport") == "123");
  }

  TEST_CASE("tab-separated block") {
    Report r = parse_report("[CERT-Bund#2021071428000576] Forwarded report",
                            text_only("Please see below.\n\nIP\tTimestamp\tPort\n"
                                      "203.0.113.5\t2021-07-13 08:00:00\t3389\n"));
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "203.0.113.5");
    CHECK(r.rows[0].port == 3389);
  }

  TEST_CASE("tab-separated row ending in an empty cell") {
    Report r = parse_report("[CERT-Bund#2021071428000577] Forwarded report",
                            text_only("ip\ttimestamp\tnote\n203.0.113.6\t2021-07-13 08:00:00\t\n"));
    CHECK(r.problems == std::vector<std::string>{"the signed content does not name the service"});
    REQUIRE(r.rows.size() == 1);
    CHECK_FALSE(r.rows[0].extra[0].second.has_value());
  }

  TEST_CASE("prose with IPs: needs_review with rows and no timestamps") {
    Report r = parse_report("[CERT-Bund#2022071928000065] Kompromittierte Zimbra-Server",
                            text_only("Die Systeme 192.0.2.20 und 2001:db8::5 sind betroffen.\n"
                                      "Bitte prüfen Sie auch IP:192.0.2.21, Version 8.8.15.\n"));
    CHECK(r.status == ReportStatus::needs_review);
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.20");
    CHECK(r.rows[1].ip.to_string() == "2001:db8::5");
    CHECK(r.rows[2].ip.to_string() == "192.0.2.21");
    CHECK_FALSE(r.rows[0].timestamp.has_value());
    CHECK(r.problems == std::vector<std::string>{"no table found", "3 IP addresses taken from the text",
                                                 "the signed content does not name the service"});
  }

  TEST_CASE("a Format: line in prose is no table") {
    Report r =
        parse_report("[CERT-Bund#2022071928000067] Hinweis", text_only("Format: PDF\nBetroffen ist 192.0.2.50.\n"));
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.50");
    CHECK(r.problems.front() == "no table found");
  }

  TEST_CASE("text without any IP address") {
    Report r =
        parse_report("[CERT-Bund#2022071928000066] Hinweis", text_only("Bitte aktualisieren Sie Version 8.8.15.\n"));
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.rows.empty());
    CHECK(r.problems == std::vector<std::string>{"no table found", "no IP address in the text",
                                                 "the signed content does not name the service"});
  }

  TEST_CASE("marker with nothing below it") {
    Report r = parse_report("[CB-Report#20171204-10001828] Offene SNMP-Dienste in AS64496",
                            text_only("Text.\n\nBetroffene Systeme in Ihrem Netzbereich:\n\n"));
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.problems.front() == "no table below \"Betroffene Systeme in Ihrem Netzbereich:\"");
  }

  TEST_CASE("Format: table without the marker, ended by the signature separator") {
    Report r = parse_report("[CERT-Bund#2016020428001111] Offene MongoDB-Server",
                            text_only(" Format: ASN | IP   | Timestamp (UTC) | Mongodb version\n"
                                      "         64496 | 192.0.2.30 | 2016-02-03 01:02:03 | 2.4.9\n"
                                      "-- \nsignature\n"));
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.30");
    CHECK(extra(r.rows[0], "Mongodb version") == "2.4.9");
  }

  TEST_CASE("hoster-forwarded mail quoted with > and the tag in the body") {
    std::string original = with_ip(seed_mail, "192.0.2.40");
    std::string quoted;
    for (std::string_view line : split_lines(original)) {
      quoted += "> " + std::string(line) + "\n";
    }
    Report r = parse_report("[AbuseID:1A2B3C:1F]: AbuseInfo: Offene Memcached-Server", text_only(quoted));
    CHECK(r.ticket == "CERT-Bund#2015020428001061");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.40");
  }

  TEST_CASE("500-row report parses") {
    std::string data = "\"asn\",\"ip\",\"timestamp\",\"system_desc\"\n";
    for (int i = 0; i < 500; ++i) {
      data += "\"64496\",\"10." + std::to_string(i / 256) + "." + std::to_string(i % 256) +
              ".1\",\"2017-12-03 04:05:06\",\"Linux, \"\"router\"\" " + std::to_string(i) + "\"\n";
    }
    Report r = parse_cb(data, "Offene SNMP-Dienste in AS64496");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 500);
    CHECK(r.rows[499].ip.to_string() == "10.1.243.1");
    CHECK(extra(r.rows[499], "system_desc") == "Linux, \"router\" 499");
  }
}

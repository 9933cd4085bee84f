#include <doctest/doctest.h>

#include "certbund/report.hpp"
#include "report_support.hpp"

using namespace certbund;
using namespace report_test;

namespace {

const std::string one_row = cb_body("\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.1\",\"2017-12-03 04:05:06\"");

// The signed text names what the Subject names after its tags, as real reports do.
Report with_subject(std::string_view subject) {
  std::size_t tag_end = subject.rfind(']');
  std::string_view names = tag_end == std::string_view::npos ? subject : subject.substr(tag_end + 1);
  return parse_report(
      subject,
      text_only(cb_body("\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.1\",\"2017-12-03 04:05:06\"", true, names)));
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("CB-Report ticket, topic and AS scope") {
    Report r = with_subject("[CB-Report#20171204-10001828] Offene SNMP-Dienste in AS47215");
    CHECK(r.ticket == "CB-Report#20171204-10001828");
    CHECK(r.topic == "Offene SNMP-Dienste");
    CHECK(r.scope == "AS47215");
    CHECK(r.service == "snmp");
    CHECK_FALSE(r.critical);
    CHECK(r.status == ReportStatus::parsed);
  }

  TEST_CASE("[KRITISCH] right after the tag in the unsigned Subject: read, noted, not believed") {
    Report r = with_subject("[CB-Report#20240312-10009538][KRITISCH] Verwundbare Microsoft-Exchange-Server in AS64496");
    CHECK(r.topic == "Verwundbare Microsoft-Exchange-Server");
    CHECK(r.service == "exchange");
    // The Subject is not signed: "rated critical by CERT-Bund" would be
    // anyone's word in a notice.
    CHECK_FALSE(r.critical);
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0] == "the Subject says [KRITISCH], the signed content does not: not shown as critical");
  }

  TEST_CASE("[KRITISCH] in the signed heading line: critical, whatever the Subject says") {
    const std::string heading =
        "[CB-Report#20240312-10009538][KRITISCH] Verwundbare Microsoft-Exchange-Server in AS64496\n\n";
    std::string body = cb_body("\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.1\",\"2024-03-12 04:05:06\"", true,
                               "Verwundbare Microsoft-Exchange-Server");
    for (std::string_view subject : {"[CB-Report#20240312-10009538] Verwundbare Microsoft-Exchange-Server in AS64496",
                                     "[CB-Report#20240312-10009538][KRITISCH] Verwundbare Microsoft-Exchange-Server"}) {
      Report r = parse_report(subject, text_only(heading + body));
      CHECK(r.critical);
      CHECK(r.notes.empty());
    }
  }

  TEST_CASE("in Netzbereich 203.0.113.0/24") {
    Report r = with_subject("[CB-Report#20180108-10001375] Offene CLDAP-Server in Netzbereich 203.0.113.0/24");
    CHECK(r.scope == "Netzbereich 203.0.113.0/24");
    CHECK(r.topic == "Offene CLDAP-Server");
  }

  TEST_CASE("English scopes: in network, in country") {
    CHECK(with_subject("[CB-Report#20200807-10009061] Open Redis servers in network 2001:db8::/32").scope ==
          "network 2001:db8::/32");
    Report r = with_subject("[CB-Report#20200807-10009061] Malware infections (Avalanche) in country AT");
    CHECK(r.scope == "country AT");
    CHECK(r.topic == "Malware infections (Avalanche)");
    CHECK(r.service == "malware");
  }

  TEST_CASE("text after the scope: the scope is still read and the topic stops before it") {
    Report as = with_subject("[CB-Report#20240115-10001301] Offene Redis-Server in AS64496 (Prüfung)");
    CHECK(as.scope == "AS64496");
    CHECK(as.topic == "Offene Redis-Server");
    CHECK(as.service == "redis");
    Report net =
        with_subject("[CB-Report#20240115-10001301] Offene Redis-Server in Netzbereich 198.51.100.0/24 - Erinnerung");
    CHECK(net.scope == "Netzbereich 198.51.100.0/24");
    CHECK(net.topic == "Offene Redis-Server");
    CHECK(with_subject("[CB-Report#20240115-10001301] Open Redis servers in network 2001:db8::/32, reminder").scope ==
          "network 2001:db8::/32");
    CHECK(with_subject("[CB-Report#20240115-10001301] Open Redis servers in network 192.0.2.0/24.").scope ==
          "network 192.0.2.0/24");
    CHECK(with_subject("[CB-Report#20240115-10001301] Malware infections in country AT (update)").scope ==
          "country AT");
    CHECK(with_subject("[CB-Report#20240115-10001301] Offene Redis-Server in AS64496: Erinnerung").scope == "AS64496");
    Report in_rest = with_subject("[CB-Report#20240115-10001301] Offene Redis-Server in AS64496 - resent in English");
    CHECK(in_rest.scope == "AS64496");
    CHECK(in_rest.topic == "Offene Redis-Server");
  }

  TEST_CASE("what only looks like a scope is none") {
    for (const char* subject : {"[CB-Report#20240115-10001301] Schwachstelle in ASP.NET",
                                "[CB-Report#20240115-10001301] Schwachstelle in AS64496x",
                                "[CB-Report#20240115-10001301] Offene Dienste in Netz 192.0.2.0/99 (Prüfung)",
                                "[CB-Report#20240115-10001301] Probleme in country ATX",
                                "[CB-Report#20240115-10001301] Probleme in countryAT"}) {
      CAPTURE(subject);
      Report r = with_subject(subject);
      CHECK(r.scope.empty());
      CHECK(r.topic == std::string_view(subject).substr(30));
    }
  }

  TEST_CASE("a topic ending in ' in ' plus a non-scope stays whole") {
    Report r = with_subject("[CB-Report#20200807-10009061] Schwachstelle in Exchange");
    CHECK(r.scope.empty());
    CHECK(r.topic == "Schwachstelle in Exchange");
  }

  TEST_CASE("Fwd: subject with a foreign tag after the ticket") {
    Report r = with_subject("Fwd: [CERT-Bund#2021071428000576] [TWCERT-2021-07] Open RDP in AS64496");
    CHECK(r.ticket == "CERT-Bund#2021071428000576");
    CHECK(r.topic == "[TWCERT-2021-07] Open RDP");
    CHECK(r.service == "rdp");
  }

  TEST_CASE("AW: and a hoster's AbuseID tag before the ticket") {
    Report r = with_subject("AW: [AbuseID:1A2B3C:1F] [CERT-Bund#2015020428001622] Offene SSDP-Dienste");
    CHECK(r.ticket == "CERT-Bund#2015020428001622");
    CHECK(r.service == "ssdp");
  }

  TEST_CASE("ticket with an empty title") {
    Report r = with_subject("[CERT-Bund#2022071928000065]");
    CHECK(r.ticket == "CERT-Bund#2022071928000065");
    CHECK(r.topic.empty());
    CHECK(r.service == "other");
  }

  TEST_CASE("a tag with too few digits is no ticket") {
    Report r = with_subject("[CERT-Bund#201502042800106] Offene Memcached-Server");
    CHECK(r.ticket.empty());
    CHECK(r.status == ReportStatus::needs_review);
  }

  TEST_CASE("no ticket: needs_review, the topic is kept") {
    Report r = with_subject("Fwd: Offene Redis-Server in AS64496");
    CHECK(r.ticket.empty());
    CHECK(r.topic == "Offene Redis-Server");
    CHECK(r.scope == "AS64496");
    CHECK(r.service == "redis");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.problems == std::vector<std::string>{"no CERT-Bund ticket in the subject or the first lines"});
    CHECK(r.rows.size() == 1);
  }

  TEST_CASE("ticket on the first body line of a forwarded mail") {
    Report r = parse_report("Fwd: Sicherheitsproblem",
                            text_only("[CB-Report#20190911-10004242] Offene MongoDB-Server in AS64496\n\n" + one_row));
    CHECK(r.ticket == "CB-Report#20190911-10004242");
    CHECK(r.topic == "Offene MongoDB-Server");
    CHECK(r.scope == "AS64496");
    CHECK(r.service == "mongodb");
    CHECK(r.status == ReportStatus::parsed);
  }

  TEST_CASE("fallback keeps the topic and gives other; a service nothing signed names waits for review") {
    Report r = with_subject("[CB-Report#20210301-10001234] Verwundbare Gartenzwerge in AS64496");
    CHECK(r.topic == "Verwundbare Gartenzwerge");
    CHECK(r.service == "other");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.problems == std::vector<std::string>{"the signed content does not name the service"});
  }
}

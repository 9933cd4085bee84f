#include <doctest/doctest.h>

#include "certbund/report.hpp"
#include "report_support.hpp"

using namespace certbund;
using namespace report_test;

namespace {

const std::string header = "\"asn\",\"ip\",\"timestamp\",\"cve\"\n";

std::optional<std::string> first_extra(const Report& r) {
  REQUIRE(r.rows.size() == 1);
  REQUIRE(r.rows[0].extra.size() == 1);
  return r.rows[0].extra[0].second;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("empty cells are null") {
    Report r = parse_cb(
        "\"asn\",\"ip\",\"timestamp\",\"port\",\"version\"\n"
        "\"\",\"192.0.2.1\",\"2025-01-01 00:00:00\",\"\",\"\"");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 1);
    CHECK_FALSE(r.rows[0].asn.has_value());
    CHECK_FALSE(r.rows[0].port.has_value());
    CHECK(r.rows[0].extra[0] == std::pair<std::string, std::optional<std::string>>{"version", std::nullopt});
  }

  TEST_CASE("comma and doubled quote inside a value") {
    Report r = parse_cb(header + "\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\",\"a, \"\"b\"\", c\"");
    CHECK(first_extra(r) == "a, \"b\", c");
  }

  TEST_CASE(";-joined CVEs inside a quoted value") {
    Report r = parse_cb(
        header + "\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\",\"cve-2023-27997;cve-2024-21762;cve-2024-23113\"");
    CHECK(r.status == ReportStatus::parsed);
    CHECK(first_extra(r) == "cve-2023-27997;cve-2024-21762;cve-2024-23113");
  }

  TEST_CASE("pipe inside a quoted CSV value") {
    Report r = parse_cb(header + "\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\",\"a | b\"");
    CHECK(r.status == ReportStatus::parsed);
    CHECK(first_extra(r) == "a | b");
  }

  TEST_CASE("quoted newline inside a CSV value") {
    Report r = parse_cb(header +
                        "\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\",\"line one\n\nline three\"\n"
                        "\"64496\",\"192.0.2.2\",\"2025-01-01 00:00:00\",\"x\"");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[0].extra[0].second == "line one\n\nline three");
    CHECK(r.rows[1].ip.to_string() == "192.0.2.2");
  }

  TEST_CASE("CRLF remnants and trailing blanks") {
    Report r = parse_cb("\"asn\",\"ip\",\"timestamp\"\r\n\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\"  \r\n");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].timestamp == parse_utc_timestamp("2025-01-01 00:00:00"));
  }

  TEST_CASE("unclosed quote: needs_review") {
    Report r = parse_cb(header + "\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\",\"open");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.problems.back() == "row 1: a quoted value is not closed before the end of the text");
  }

  TEST_CASE("header named IP vs ip vs IP address") {
    for (std::string_view title : {"IP", "ip", "IP address", "src_ip"}) {
      CAPTURE(title);
      Report r = parse_cb("\"asn\",\"" + std::string(title) +
                          "\",\"timestamp\"\n\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\"");
      CHECK(r.status == ReportStatus::parsed);
      REQUIRE(r.rows.size() == 1);
      CHECK(r.rows[0].ip.to_string() == "192.0.2.1");
      CHECK(r.rows[0].extra.empty());
    }
  }

  TEST_CASE("column order different from the usual: port before ip") {
    Report r = parse_cb(
        "\"port\",\"Timestamp\",\"version\",\"ip\",\"ASN\"\n"
        "\"6379\",\"2025-01-01 00:00:00\",\"7.4.5\",\"192.0.2.3\",\"AS64496\"");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].port == 6379);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.3");
    CHECK(r.rows[0].asn == 64496);
    CHECK(r.rows[0].extra.size() == 1);
  }

  TEST_CASE("a port column under another name stays extra") {
    Report r =
        parse_cb("\"asn\",\"ip\",\"timestamp\",\"src_port\"\n\"64496\",\"192.0.2.3\",\"2025-01-01 00:00:00\",\"80\"");
    REQUIRE(r.rows.size() == 1);
    CHECK_FALSE(r.rows[0].port.has_value());
    CHECK(r.rows[0].extra[0].second == "80");
  }

  TEST_CASE("IPv6 rows, bracketed or not, written canonically") {
    Report r = parse_cb(
        "\"asn\",\"ip\",\"timestamp\"\n"
        "\"64496\",\"2001:DB8:0:0::1\",\"2025-01-01 00:00:00\"\n"
        "\"64496\",\"[2001:db8::2]\",\"2025-01-01 00:00:00\"");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[0].ip.to_string() == "2001:db8::1");
    CHECK(r.rows[1].ip.to_string() == "2001:db8::2");
  }

  TEST_CASE("a row with the wrong cell count: needs_review, row left out") {
    Report r = parse_cb(
        "\"asn\",\"ip\",\"timestamp\"\n"
        "\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\"\n"
        "\"64496\",\"192.0.2.2\"");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.rows.size() == 1);
    CHECK(r.problems == std::vector<std::string>{"row 2: 2 cells, the header has 3"});
    CHECK(only_rows_held(r));
  }

  TEST_CASE("invalid IP: needs_review, row left out") {
    Report r = parse_cb(
        "\"asn\",\"ip\",\"timestamp\"\n"
        "\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\"\n"
        "\"64496\",\"192.0.2.2\",\"2025-01-01 00:00:00\"\n"
        "\"64496\",\"999.1.1.1\",\"2025-01-01 00:00:00\"");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.rows.size() == 2);
    CHECK(r.problems == std::vector<std::string>{"row 3: \"999.1.1.1\" is not an IP address"});
  }

  TEST_CASE("missing or bad timestamp, asn and port: each such row held, one problem line per row") {
    Report r = parse_cb(
        "\"asn\",\"ip\",\"timestamp\",\"port\"\n"
        "\"x1\",\"192.0.2.1\",\"\",\"70000\"\n"
        "\"64496\",\"192.0.2.2\",\"03.05.2015\",\"80\"\n"
        "\"64496\",\"192.0.2.3\",\"2015-05-03 00:00:00\",\"80\"");
    CHECK(r.status == ReportStatus::needs_review);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.3");
    CHECK(r.problems ==
          std::vector<std::string>{"row 1: \"x1\" is not an AS number; no timestamp; \"70000\" is not a port",
                                   "row 2: \"03.05.2015\": not an ISO 8601 date and time (YYYY-MM-DD "
                                   "hh:mm:ss, with Z, UTC or an offset like +01:00)"});
    REQUIRE(r.held.size() == 2);
    CHECK(r.held[0].line == "\"x1\",\"192.0.2.1\",\"\",\"70000\"");
    CHECK(only_rows_held(r));
  }

  TEST_CASE("a table without a timestamp column is needs_review") {
    Report r = parse_cb("\"asn\",\"ip\"\n\"64496\",\"192.0.2.1\"");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.rows.size() == 1);
    CHECK(r.problems == std::vector<std::string>{"the table has no timestamp column"});
    CHECK_FALSE(only_rows_held(r));
  }

  TEST_CASE("a header without rows is needs_review") {
    Report r = parse_cb("\"asn\",\"ip\",\"timestamp\"");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.problems == std::vector<std::string>{"the table has no rows"});
  }

  TEST_CASE("dash-escaped lines before the table are tolerated") {
    std::string body =
        "- Offene SSDP-Dienste\n- -----------\n\n- Betroffene Systeme in Ihrem Netzbereich:\n\n"
        "\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.1\",\"2025-01-01 00:00:00\"\n";
    Report r = parse_report("[CB-Report#20171204-10001828] Offene SSDP-Dienste in AS64496", text_only(body));
    CHECK(r.status == ReportStatus::parsed);
    CHECK(r.rows.size() == 1);
  }

  TEST_CASE("garbage never throws") {
    for (std::string_view body : {"", "\"", "\"\"\"", "Format:", "Format: |||\n|\n", "a;ip\n;\n\"",
                                  "Betroffene Systeme in Ihrem Netzbereich:\n\"ip\n", "\xEF\xBB\xBF", "\n\n\n"}) {
      CAPTURE(body);
      Report r;
      CHECK_NOTHROW(r = parse_report("[CERT-Bund#", text_only(std::string(body))));
      CHECK(r.status == ReportStatus::needs_review);
    }
  }
}

TEST_CASE("report: an IPv4-mapped IPv6 address in a row is the IPv4 address, as for owners") {
  Report r = parse_cb(
      "\"asn\",\"ip\",\"timestamp\",\"port\"\n"
      "\"64496\",\"::ffff:192.0.2.7\",\"2024-01-15 03:00:00\",\"11211\"");
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].ip == parse_ip("192.0.2.7"));
  CHECK(r.rows[0].ip.to_string() == "192.0.2.7");
}

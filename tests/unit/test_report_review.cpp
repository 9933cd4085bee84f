// parse_rows: the rows a person supplies for a report that needs review.

#include <doctest/doctest.h>

#include "certbund/report.hpp"

using namespace certbund;

TEST_SUITE("report") {
  TEST_CASE("parse_rows: CERT-Bund's dialect, every value quoted, CRLF, a blank line between rows") {
    Report r = parse_rows(
        "\"asn\",\"ip\",\"timestamp\",\"port\",\"version\"\r\n"
        "\"64496\",\"192.0.2.17\",\"2024-01-15 03:00:00\",\"6379\",\"7.0\"\r\n"
        "\r\n"
        "\"64496\",\"2001:DB8::1\",\"2024-01-15T04:00:00Z\",\"\",\"\"\r\n");
    CHECK(r.status == ReportStatus::parsed);
    CHECK(r.problems.empty());
    CHECK(r.columns == std::vector<std::string>{"asn", "ip", "timestamp", "port", "version"});
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.17");
    CHECK(r.rows[0].port == 6379);
    CHECK(r.rows[0].asn == 64496);
    CHECK(r.rows[0].timestamp == 1705287600);
    CHECK(r.rows[0].extra == std::vector<std::pair<std::string, std::optional<std::string>>>{{"version", "7.0"}});
    CHECK(r.rows[1].ip.to_string() == "2001:db8::1");
    CHECK_FALSE(r.rows[1].port.has_value());
  }

  TEST_CASE("parse_rows: unquoted, semicolons, LF") {
    Report r = parse_rows("ip;timestamp\n192.0.2.1;2024-01-15 03:00:00\n");
    CHECK(r.status == ReportStatus::parsed);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].ip.to_string() == "192.0.2.1");
  }

  TEST_CASE("parse_rows: each unreadable cell, a missing column or timestamp, an empty file is a problem") {
    Report bad = parse_rows("ip,timestamp\n192.0.2.300,2024-01-15 03:00:00\n192.0.2.1,soon\n192.0.2.2,\n");
    CHECK(bad.status == ReportStatus::needs_review);
    REQUIRE(bad.problems.size() == 3);
    CHECK(bad.problems[0] == "row 1: \"192.0.2.300\" is not an IP address");
    CHECK(bad.problems[1].starts_with("row 2: \"soon\""));
    CHECK(bad.problems[2] == "row 3: no timestamp");
    CHECK(parse_rows("ip\n192.0.2.1\n").status == ReportStatus::needs_review);  // no timestamp column
    CHECK(parse_rows("ip,timestamp\n").problems == std::vector<std::string>{"the table has no rows"});
    CHECK(parse_rows("\n\n").problems == std::vector<std::string>{"no table: the file is empty"});
  }
}

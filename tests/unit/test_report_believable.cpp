#include <doctest/doctest.h>

#include "certbund/report.hpp"
#include "report_support.hpp"

using namespace certbund;
using namespace report_test;

namespace {

const UnixTime arrived = 1705302000;  // 2024-01-15T07:00:00Z

Report report_with(const std::string& timestamp, const std::string& port) {
  return parse_report("[CB-Report#20240115-50000012] Offene Redis-Server in AS64496",
                      text_only(cb_body("\"asn\",\"ip\",\"timestamp\",\"port\"\n\"64496\",\"192.0.2.150\",\"" +
                                            timestamp + "\",\"" + port + "\"\n",
                                        true, "Offene Redis-Server")));
}

Report held(const std::string& timestamp, const std::string& port, std::int64_t skew = 86400) {
  Report r = report_with(timestamp, port);
  REQUIRE(r.status == ReportStatus::parsed);
  hold_unbelievable(r, {arrived, skew});
  return r;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("believable: a scan in 2099 is held for review (timestamp-in-2099.eml)") {
    Report r = held("2099-01-01 00:00:00", "6379");
    CHECK(r.status == ReportStatus::needs_review);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0] ==
          "192.0.2.150: scanned 2099-01-01T00:00:00Z, after the mail arrived (2024-01-15T07:00:00Z) plus "
          "limits.clock_skew");
  }
  TEST_CASE("believable: up to limits.clock_skew after arrival passes, a second more does not") {
    CHECK(held("2024-01-16 07:00:00", "6379").status == ReportStatus::parsed);
    CHECK(held("2024-01-16 07:00:01", "6379").status == ReportStatus::needs_review);
    CHECK(held("2024-01-15 08:00:00", "6379", 3600).status == ReportStatus::parsed);
    CHECK(held("2024-01-15 08:00:01", "6379", 3600).status == ReportStatus::needs_review);
  }
  TEST_CASE("believable: a scan before 1990 is held, 1990 itself passes") {
    Report r = held("1989-12-31 23:59:59", "6379");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.problems.at(0) == "192.0.2.150: scanned 1989-12-31T23:59:59Z, before 1990");
    CHECK(held("1990-01-01 00:00:00", "6379").status == ReportStatus::parsed);
    CHECK(held("1970-01-01 00:00:00", "6379").status == ReportStatus::needs_review);
  }
  TEST_CASE("believable: port 0 is held; 65536 never parses; 1 and 65535 pass") {
    Report r = held("2024-01-14 03:00:00", "0");
    CHECK(r.status == ReportStatus::needs_review);
    CHECK(r.problems.at(0) == "192.0.2.150: port 0 cannot be scanned");
    CHECK(held("2024-01-14 03:00:00", "1").status == ReportStatus::parsed);
    CHECK(held("2024-01-14 03:00:00", "65535").status == ReportStatus::parsed);
    Report big = report_with("2024-01-14 03:00:00", "65536");
    CHECK(big.status == ReportStatus::needs_review);
  }
  TEST_CASE("believable: a report already held keeps its problems, and gains the new ones") {
    Report r = report_with("2099-01-01 00:00:00", "6379");
    r.problems.push_back("held before");
    r.status = ReportStatus::needs_review;
    std::size_t before = r.problems.size();
    hold_unbelievable(r, {arrived, 86400});
    CHECK(r.problems.size() == before + 1);
    CHECK(r.status == ReportStatus::needs_review);
  }
}

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "store_fixture.hpp"

using namespace store_test;

TEST_SUITE("store") {
  TEST_CASE("a report's class is stored, and an incident shows its latest report's class") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    Report exposure = report("CB-Report#1", {row("192.0.2.17", k_t0, 443)}, "exchange");
    f.ingest(exposure, k_t0 + 60);
    IncidentFilter all;
    all.state = IncidentFilter::State::all;
    REQUIRE(f.store.incidents(all).size() == 1);
    CHECK(f.store.incidents(all)[0].report_class == "exposure");

    Report vulnerable = report("CB-Report#2", {row("192.0.2.17", k_t0 + k_day, 443)}, "exchange");
    vulnerable.report_class = ReportClass::vulnerability;
    f.ingest(vulnerable, k_t0 + k_day + 60);
    CHECK(f.store.incidents(all)[0].report_class == "vulnerability");
    CHECK(f.store.db().execAndGet("SELECT class FROM reports ORDER BY id DESC LIMIT 1").getString() == "vulnerability");
  }
}

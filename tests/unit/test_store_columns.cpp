// column_state: a state or address column holding text the store never
// writes (a database edited by hand) stops a read with one clear line.

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace store_test;

TEST_SUITE("store") {
  TEST_CASE("column_state: an address column edited by hand fails the list naming the column and the text") {
    Fixture f;
    f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0)}), k_t0);
    {
      SQLite::Database db((f.dir.path / "db" / "certbund.sqlite").string(), SQLite::OPEN_READWRITE);
      db.exec("UPDATE incidents SET ip = 'not an address'");
    }
    IncidentFilter all;
    all.state = IncidentFilter::State::all;
    try {
      f.store.incidents(all);
      FAIL("listed");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::data);
      CHECK(std::string(e.what()) == "column ip: unexpected value \"not an address\"");
    }
  }
}

// customers import --valid-from, lookup --at and history: owners over
// time, from the command line's side.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <iostream>
#include <sstream>

#include "cli_fixture.hpp"

using namespace cli_test;

namespace {

// The CLI's Setup with two customer lists: a /24, then a /25 carved out
// of it for a new customer.
struct Lists : cli_test::Setup {
  Lists() {
    dir.write("first.csv",
              "id,name,email,language,networks\n"
              "c1002,Example Ltd,security@example.org,en,198.51.100.0/24\n");
    dir.write("carved.csv",
              "id,name,email,language,networks\n"
              "c1002,Example Ltd,security@example.org,en,198.51.100.0/24\n"
              "c1004,Carve Out KG,noc@carve.example,de,198.51.100.0/25\n");
  }
  std::string file(const char* name) const { return (dir.path / name).string(); }
};

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("customers lookup --at: the carve-out belongs to its new holder only from its import") {
    Lists s;
    at_now("2024-01-01T00:00:00Z", [&] { customers_import(s.g, s.file("first.csv")); });
    at_now("2024-03-01T00:00:00Z", [&] { customers_import(s.g, s.file("carved.csv")); });
    const char* later = "2024-04-01T00:00:00Z";
    CHECK(at_now(later, [&] { customers_lookup(s.g, "198.51.100.5"); }) ==
          "198.51.100.5: c1004 (Carve Out KG) by 198.51.100.0/25, since 2024-03-01T00:00:00Z\n");
    CHECK(at_now(later, [&] { customers_lookup(s.g, "198.51.100.5", "2024-02-15"); }) ==
          "198.51.100.5 at 2024-02-15T00:00:00Z: c1002 (Example Ltd) by 198.51.100.0/24, since the first import\n");
    CHECK(at_now(later, [&] { customers_lookup(s.g, "203.0.113.1", "2024-02-15"); }) ==
          "203.0.113.1 at 2024-02-15T00:00:00Z: unassigned (no customer's network contains it)\n");
    CHECK_THROWS_AS(at_now(later, [&] { customers_lookup(s.g, "198.51.100.5", "yesterday"); }), Failure);
  }

  TEST_CASE("customers import --valid-from: backdated change, refused when it would rewrite history") {
    Lists s;
    at_now("2024-01-01T00:00:00Z", [&] { customers_import(s.g, s.file("first.csv")); });
    at_now("2024-03-01T00:00:00Z", [&] { customers_import(s.g, s.file("carved.csv"), "2024-02-20"); });
    CHECK(at_now("2024-03-02T00:00:00Z", [&] {
            customers_lookup(s.g, "198.51.100.5", "2024-02-21");
          }).starts_with("198.51.100.5 at 2024-02-21T00:00:00Z: c1004 "));
    try {
      at_now("2024-03-02T00:00:00Z", [&] { customers_import(s.g, s.file("first.csv"), "2024-02-10"); });
      FAIL("no Failure");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::usage);
      CHECK(std::string(e.what()).find("2024-02-20T00:00:00Z") != std::string::npos);
    }
    CHECK_THROWS_AS(at_now("2024-03-02T00:00:00Z", [&] { customers_import(s.g, s.file("first.csv"), "2024-13-01"); }),
                    Failure);
  }

  TEST_CASE("customers history: every span, as a table and as JSON; an unknown customer is exit 66") {
    Lists s;
    at_now("2024-01-01T00:00:00Z", [&] { customers_import(s.g, s.file("carved.csv")); });
    at_now("2024-03-01T00:00:00Z", [&] { customers_import(s.g, s.file("first.csv")); });
    std::string table = at_now("2024-03-02T00:00:00Z", [&] { customers_history(s.g, "c1004", Format::table); });
    CHECK(table.find("198.51.100.0/25") != std::string::npos);
    CHECK(table.find("(first import)") != std::string::npos);
    CHECK(table.find("2024-03-01T00:00:00Z") != std::string::npos);
    auto json =
        nlohmann::json::parse(at_now("2024-03-02T00:00:00Z", [&] { customers_history(s.g, "c1002", Format::json); }));
    CHECK(json["id"] == "c1002");
    REQUIRE(json["networks"].size() == 1);
    CHECK(json["networks"][0]["from"].is_null());
    CHECK(json["networks"][0]["until"].is_null());
    CHECK(at_now("2024-03-02T00:00:00Z", [&] {
            customers_history(s.g, "c1004", Format::csv);
          }).find("198.51.100.0/25,,2024-03-01T00:00:00Z") != std::string::npos);
    try {
      customers_history(s.g, "c9999", Format::table);
      FAIL("no Failure");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::no_input);
    }
  }
}

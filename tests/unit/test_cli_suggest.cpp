#include <doctest/doctest.h>

#include "suggest.hpp"

using certbund::cli::did_you_mean;

TEST_SUITE("cli") {
  TEST_CASE("did_you_mean: swapped, missing and extra letters; prefixes; nothing far off") {
    const std::vector<std::string> commands{"ingest", "poll", "incidents", "mails", "customers", "stats"};
    CHECK(did_you_mean("incdents", commands) == "incidents");
    CHECK(did_you_mean("mials", commands) == "mails");
    CHECK(did_you_mean("statss", commands) == "stats");
    CHECK(did_you_mean("cust", commands) == "customers");
    CHECK(did_you_mean("frobnicate", commands) == std::nullopt);
    CHECK(did_you_mean("", commands) == std::nullopt);
    const std::vector<std::string> options{"--config", "--quiet", "--format", "--customer"};
    CHECK(did_you_mean("--cofnig", options) == "--config");
    CHECK(did_you_mean("--fromat", options) == "--format");
    CHECK(did_you_mean("--xyz", options) == std::nullopt);
    CHECK(did_you_mean("--c", options) == std::nullopt);  // too short to say
    CHECK(did_you_mean("-x", {"-h", "-q", "-c"}) == std::nullopt);
  }
}

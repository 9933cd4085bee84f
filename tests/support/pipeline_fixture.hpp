#pragma once
// Shared by the pipeline tests: a desk as the samples describe it. A fresh
// database, the INSECURE sample keyring pinned, the built-in templates and
// samples/customers.csv imported at time 0.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "certbund/pipeline.hpp"
#include "signature_fixture.hpp"
#include "temp_dir.hpp"

namespace certbund::test {

struct SampleDesk {
  TempDir dir;
  Config config = [this] {
    Config c;
    c.database_path = dir.path / "db.sqlite";
    c.trust = sample_trust();
    c.notices.templates_dir = std::filesystem::path(CERTBUND_SOURCE_DIR) / "templates";
    c.notices.from = "Abuse Desk <abuse@example.net>";
    return c;
  }();
  Store store{config.database_path};
  Pipeline pipeline{config, store};

  SampleDesk() {
    auto customers = read_customers_csv(std::filesystem::path(CERTBUND_SOURCE_DIR) / "samples/customers.csv");
    REQUIRE(customers.has_value());
    store.replace_customers(customers->customers, 0);
  }
  // The one integer `sql` selects.
  std::int64_t count(const std::string& sql) { return store.db().execAndGet(sql).getInt64(); }
};

}  // namespace certbund::test

// Store::resolve_not_seen: what incidents.auto_resolve_days resolves, how
// it is recorded, and that a later scan reopens it as any resolved incident.

#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace store_test;

namespace {

std::optional<IncidentInfo> incident(const Store& store, std::string_view ip) {
  IncidentFilter all;
  all.state = IncidentFilter::State::all;
  all.ip = parse_network(ip);
  auto list = store.incidents(all);
  if (list.empty()) return std::nullopt;
  return list.front();
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("resolve_not_seen: open incidents last scanned before the cutoff, recorded why; a later scan reopens") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    f.ingest(report("CB-Report#1", {row("192.0.2.17", k_t0), row("192.0.2.18", k_t0 + 10 * k_day)}), k_t0 + 10 * k_day);
    auto ids = f.store.resolve_not_seen(k_t0 + 5 * k_day, k_t0 + 20 * k_day, "not seen again for 14 days");
    REQUIRE(ids.size() == 1);
    auto old = incident(f.store, "192.0.2.17");
    REQUIRE(old);
    CHECK(old->id == ids[0]);
    CHECK(old->status == IncidentStatus::resolved);
    CHECK(old->resolved_at == k_t0 + 20 * k_day);
    CHECK(old->resolution == "not seen again for 14 days");
    CHECK(incident(f.store, "192.0.2.18")->status == IncidentStatus::open);
    CHECK(f.store.resolve_not_seen(k_t0 + 5 * k_day, k_t0 + 21 * k_day, "again").empty());  // once

    // A person's resolution records no reason of certbund's.
    REQUIRE(f.store.resolve_incident(incident(f.store, "192.0.2.18")->id, k_t0 + 21 * k_day));
    CHECK_FALSE(incident(f.store, "192.0.2.18")->resolution.has_value());

    auto out = f.ingest(report("CB-Report#2", {row("192.0.2.17", k_t0 + 25 * k_day)}), k_t0 + 26 * k_day);
    CHECK(out.at(0).notify);
    auto reopened = incident(f.store, "192.0.2.17");
    CHECK(reopened->status == IncidentStatus::open);
    CHECK_FALSE(reopened->resolution.has_value());
    CHECK_FALSE(reopened->resolved_at.has_value());
  }
}

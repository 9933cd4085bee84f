#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <limits>
#include <random>

#include "store_fixture.hpp"

using namespace store_test;

namespace {
std::optional<std::string> owner(const Store& store, std::string_view ip, UnixTime at) {
  auto match = store.owner_of(parse_ip(ip).value(), at);
  if (!match) return std::nullopt;
  return match->customer;
}
}  // namespace

TEST_SUITE("store") {
  TEST_CASE("longest prefix: nested networks, IPv6, no owner") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    CHECK(owner(f.store, "192.0.2.130", k_t0) == "c1003");
    CHECK(owner(f.store, "192.0.2.17", k_t0) == "c1001");
    CHECK(owner(f.store, "2001:db8:10::5", k_t0) == "c1001");
    CHECK(owner(f.store, "203.0.113.5", k_t0) == std::nullopt);
    CHECK(owner(f.store, "192.0.2.191", k_t0) == "c1003");
    CHECK(owner(f.store, "192.0.2.192", k_t0) == "c1001");
    CHECK(f.store.owner_of(parse_ip("192.0.2.130").value(), k_t0)->network.to_string() == "192.0.2.128/26");
  }
  TEST_CASE("first import covers scans from before it") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    CHECK(owner(f.store, "198.51.100.1", k_t0 - 365 * k_day) == "c1002");
  }
  TEST_CASE("history: re-import moves 198.51.100.0/24 from c1002 to c1001 at T") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto moved = sample_customers();
    moved[0].networks.push_back(moved[1].networks[0]);
    moved[1].networks.clear();
    const UnixTime t = k_t0 + 10 * k_day;
    f.store.replace_customers(moved, t);
    CHECK(owner(f.store, "198.51.100.1", t - 1) == "c1002");
    CHECK(owner(f.store, "198.51.100.1", t) == "c1001");
    auto out = f.ingest(report("CB-Report#1", {row("198.51.100.1", t - k_day), row("198.51.100.2", t + k_day)}),
                        t + 2 * k_day);
    CHECK(out.at(0).customer == "c1002");
    CHECK(out.at(1).customer == "c1001");
    // An unchanged holding keeps its start: before the first import.
    CHECK_FALSE(f.store.owner_of(parse_ip("192.0.2.17").value(), t)->from.has_value());
  }
  TEST_CASE("customers list: current only, networks and languages round-trip") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto fewer = sample_customers();
    fewer.pop_back();
    f.store.replace_customers(fewer, k_t0 + k_day);
    auto list = f.store.customers();
    REQUIRE(list.size() == 2);
    CHECK(list[0].id == "c1001");
    CHECK(list[0].language == Language::de);
    CHECK(list[0].emails == std::vector<std::string>{"abuse@muster.example"});
    REQUIRE(list[0].networks.size() == 2);
    CHECK(list[0].networks[1].to_string() == "2001:db8:10::/48");
    CHECK(owner(f.store, "192.0.2.130", k_t0 + k_day) == "c1001");
    CHECK(owner(f.store, "192.0.2.130", k_t0) == "c1003");
    // A dropped customer is still known, for the events it held.
    REQUIRE(f.store.customer("c1003").has_value());
    CHECK(f.store.customer("c1003")->networks.empty());
    CHECK_FALSE(f.store.customer("c9999").has_value());
  }
  TEST_CASE("an import of more networks than one insert batch keeps every network, in list order") {
    // 3 x 101 networks: full batches and a rest (the store inserts 128 rows a statement).
    std::vector<Customer> customers(3);
    for (std::size_t c = 0; c < customers.size(); ++c) {
      customers[c].id = "k" + std::to_string(c);
      customers[c].emails = {"abuse@example.org"};
      for (std::size_t i = 0; i < 101; ++i) {
        const auto n = 3 * i + c;
        customers[c].networks.push_back(
            parse_network("10." + std::to_string(n / 256) + "." + std::to_string(n % 256) + ".0/24").value());
      }
    }
    customers[2].networks.push_back(parse_network("2001:db8::/48").value());
    Fixture f;
    CHECK(f.store.replace_customers(customers, k_t0).opened == 304);
    const auto stored = f.store.customers();
    REQUIRE(stored.size() == 3);
    for (std::size_t c = 0; c < 3; ++c) CHECK(stored[c].networks == customers[c].networks);
    CHECK(owner(f.store, "10.0.0.9", k_t0) == "k0");
    CHECK(owner(f.store, "10.1.46.200", k_t0) == "k2");  // network 302, the last IPv4 one
    CHECK(owner(f.store, "2001:db8::1", k_t0) == "k2");
    CHECK(f.store.replace_customers(customers, k_t0 + k_day).opened == 0);
  }
  TEST_CASE("an import of more customers than one upsert batch stores and updates each of them") {
    // 300 customers: two full batches of 128 and a rest.
    std::vector<Customer> customers(300);
    for (std::size_t c = 0; c < customers.size(); ++c) {
      customers[c] = {"k" + std::to_string(1000 + c),
                      "Kunde " + std::to_string(c),
                      {"abuse@k" + std::to_string(c) + ".example"},
                      c % 2 ? Language::en : Language::de_en,
                      {}};
    }
    // Each customer as one line: what the store keeps of it besides networks.
    auto lines = [](const std::vector<Customer>& list) {
      std::vector<std::string> out;
      for (const Customer& c : list) {
        out.push_back(c.id + "|" + c.name + "|" + join(c.emails, ";") + "|" + std::string(to_string(c.language)));
      }
      return out;
    };
    Fixture f;
    f.store.replace_customers(customers, k_t0);
    CHECK(lines(f.store.customers()) == lines(customers));
    customers.erase(customers.begin());  // k1000 is dropped: kept, not current
    for (Customer& c : customers) c.name += " (neu)";
    customers[200].emails.push_back("noc@k201.example");
    customers[200].language = Language::de;
    f.store.replace_customers(customers, k_t0 + k_day);
    CHECK(lines(f.store.customers()) == lines(customers));
    REQUIRE(f.store.customer("k1000"));
    CHECK(f.store.customer("k1000")->name == "Kunde 0");
  }
  TEST_CASE("import replacement is atomic") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto broken = sample_customers();
    broken[0].networks.clear();
    broken.push_back({"", "No Id", {"x@y.example"}, Language::en, {parse_network("203.0.113.0/24").value()}});
    try {
      f.store.replace_customers(broken, k_t0 + k_day);
      FAIL("no Failure thrown");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::data);
    }
    CHECK(f.store.customers().size() == 3);
    CHECK(owner(f.store, "192.0.2.17", k_t0 + 2 * k_day) == "c1001");
    CHECK(owner(f.store, "203.0.113.5", k_t0 + 2 * k_day) == std::nullopt);
  }

  TEST_CASE("carve-out: a network first seen in a later import is held from that import on") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto carved = sample_customers();
    carved.push_back(
        {"c1004", "Carve Out KG", {"noc@carve.example"}, Language::de, {parse_network("198.51.100.0/25").value()}});
    const UnixTime t = k_t0 + 30 * k_day;
    auto changes = f.store.replace_customers(carved, t);
    CHECK(changes.opened == 1);
    CHECK(changes.closed == 0);
    // Scanned before the re-import: c1002 held the whole /24 then.
    CHECK(owner(f.store, "198.51.100.5", t - k_day) == "c1002");
    CHECK(owner(f.store, "198.51.100.5", k_t0 - k_day) == "c1002");
    CHECK(owner(f.store, "198.51.100.5", t) == "c1004");
    CHECK(owner(f.store, "198.51.100.200", t) == "c1002");
    auto match = f.store.owner_of(parse_ip("198.51.100.5").value(), t);
    REQUIRE(match);
    CHECK(match->from == t);
    CHECK_FALSE(match->to.has_value());
    auto out = f.ingest(report("CB-Report#2", {row("198.51.100.5", t - k_day)}), t + k_day);
    CHECK(out.at(0).customer == "c1002");
  }
  TEST_CASE("valid_from: the change counts from when it really happened") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto moved = sample_customers();
    moved[0].networks.push_back(moved[1].networks[0]);
    moved[1].networks.clear();
    const UnixTime imported = k_t0 + 30 * k_day, happened = k_t0 + 20 * k_day;
    auto changes = f.store.replace_customers(moved, imported, happened);
    CHECK(changes.opened == 1);
    CHECK(changes.closed == 1);
    CHECK(owner(f.store, "198.51.100.1", happened - 1) == "c1002");
    CHECK(owner(f.store, "198.51.100.1", happened) == "c1001");
    auto old = f.store.owner_of(parse_ip("198.51.100.1").value(), happened - 1);
    REQUIRE(old);
    CHECK(old->to == happened);
  }
  TEST_CASE("valid_from on the first import: nobody held the networks before it") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0 + k_day, k_t0);
    CHECK(owner(f.store, "192.0.2.17", k_t0 - 1) == std::nullopt);
    CHECK(owner(f.store, "192.0.2.17", k_t0) == "c1001");
  }
  TEST_CASE("valid_from: history only moves forward") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto moved = sample_customers();
    moved[1].networks.clear();
    f.store.replace_customers(moved, k_t0 + 10 * k_day);
    auto refused = [&](UnixTime valid_from) {
      try {
        f.store.replace_customers(sample_customers(), k_t0 + 20 * k_day, valid_from);
      } catch (const Failure& e) {
        CHECK(e.exit() == Exit::usage);
        return std::string(e.what());
      }
      return std::string("accepted");
    };
    CHECK(refused(k_t0 + 5 * k_day).find("2015-05-13T03:21:11Z") != std::string::npos);  // before the last change
    CHECK(refused(k_t0 + 21 * k_day).find("future") != std::string::npos);
    CHECK(owner(f.store, "198.51.100.1", k_t0 + 20 * k_day) == std::nullopt);  // nothing changed
    CHECK(refused(k_t0 + 10 * k_day) == "accepted");
  }
  TEST_CASE("holdings: every span of a customer's networks, kept across imports") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto moved = sample_customers();
    moved[1].networks = {parse_network("198.51.100.128/25").value()};
    f.store.replace_customers(moved, k_t0 + k_day);
    f.store.replace_customers(sample_customers(), k_t0 + 2 * k_day);
    auto spans = f.store.holdings("c1002");
    REQUIRE(spans.size() == 3);
    CHECK(spans[0].network.to_string() == "198.51.100.0/24");
    CHECK_FALSE(spans[0].from.has_value());
    CHECK(spans[0].to == k_t0 + k_day);
    CHECK(spans[1].network.to_string() == "198.51.100.0/24");
    CHECK(spans[1].from == k_t0 + 2 * k_day);
    CHECK_FALSE(spans[1].to.has_value());
    CHECK(spans[2].network.to_string() == "198.51.100.128/25");
    CHECK(spans[2].from == k_t0 + k_day);
    CHECK(spans[2].to == k_t0 + 2 * k_day);
    CHECK(f.store.holdings("c9999").empty());
  }
  TEST_CASE("attribute_unassigned: an import gives open unassigned incidents their owner at scan time") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto r = report("CB-Report#3", {row("203.0.113.5", k_t0 + k_day), row("203.0.113.5", k_t0 + 3 * k_day),
                                    row("203.0.113.9", k_t0 + 2 * k_day), row("203.0.113.77", k_t0 + k_day)});
    auto recorded = f.ingest(r, k_t0 + 4 * k_day);
    CHECK_FALSE(recorded.at(0).customer.has_value());
    // .77 is resolved: it stays as it was.
    REQUIRE(f.store.resolve_incident(recorded.at(3).incident_id, k_t0 + 4 * k_day));
    auto more = sample_customers();
    more.push_back(
        {"c1005", "Late GmbH", {"abuse@late.example"}, Language::de, {parse_network("203.0.113.0/24").value()}});
    // Held from two days in: .5 and .9 scanned since then go to c1005 by the
    // history; the first scan of .5, when nobody held it, to its first holder after.
    f.store.replace_customers(more, k_t0 + 5 * k_day, k_t0 + 2 * k_day);
    auto attributed = f.store.attribute_unassigned();
    REQUIRE(attributed.size() == 3);
    CHECK(attributed[0].event_id == recorded.at(0).event_id);
    CHECK(attributed[1].event_id == recorded.at(1).event_id);
    CHECK(attributed[1].customer == "c1005");
    CHECK(attributed[1].scanned == k_t0 + 3 * k_day);
    CHECK(attributed[2].event_id == recorded.at(2).event_id);
    for (const auto& a : attributed) CHECK(a.customer == "c1005");
    IncidentFilter all;
    all.state = IncidentFilter::State::all;
    for (const auto& i : f.store.incidents(all)) {
      if (i.ip.to_string() == "203.0.113.77") CHECK_FALSE(i.customer.has_value());
      else CHECK(i.customer == "c1005");
    }
    CHECK(f.store.attribute_unassigned().empty());  // done once
  }
  TEST_CASE("stored_report: the report with the rows of the given events") {
    Fixture f;
    auto r = report("CB-Report#4", {row("203.0.113.5", k_t0), row("203.0.113.6", k_t0 + 60, std::nullopt)});
    r.scope = "AS64500";
    r.explanation = "Bitte prüfen.";
    r.rows[0].extra = {{"version", "1.4.5"}, {"note", std::nullopt}};
    auto recorded = f.ingest(r, k_t0);
    const auto report_id =
        f.store.db()
            .execAndGet("SELECT report_id FROM events WHERE id = " + std::to_string(recorded.at(0).event_id))
            .getInt64();
    Report back = f.store.stored_report(report_id, {recorded.at(1).event_id, recorded.at(0).event_id});
    CHECK(back.ticket == "CB-Report#4");
    CHECK(back.topic == r.topic);
    CHECK(back.scope == "AS64500");
    CHECK(back.service == "memcached");
    CHECK(back.explanation == "Bitte prüfen.");
    CHECK(back.columns == r.columns);
    CHECK(back.status == ReportStatus::parsed);
    REQUIRE(back.rows.size() == 2);
    CHECK(back.rows[0].ip.to_string() == "203.0.113.6");
    CHECK_FALSE(back.rows[0].port.has_value());
    CHECK(back.rows[1].ip.to_string() == "203.0.113.5");
    CHECK(back.rows[1].port == 11211);
    CHECK(back.rows[1].asn == 64500);
    CHECK(back.rows[1].timestamp == k_t0);
    CHECK(back.rows[1].extra == r.rows[0].extra);
    CHECK_THROWS_AS(f.store.stored_report(999, {}), Failure);
  }
  TEST_CASE("attribute_unassigned: an address held when scanned keeps its holder; nobody's stays nobody's") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    auto recorded = f.ingest(
        report("CB-Report#5", {row("198.51.100.5", k_t0 + k_day), row("203.0.113.5", k_t0 + k_day)}), k_t0 + 2 * k_day);
    auto carved = sample_customers();
    carved.push_back(
        {"c1004", "Carve Out KG", {"noc@carve.example"}, Language::de, {parse_network("198.51.100.0/25").value()}});
    f.store.replace_customers(carved, k_t0 + 3 * k_day);
    CHECK(f.store.attribute_unassigned().empty());
    IncidentFilter all;
    all.state = IncidentFilter::State::all;
    auto incidents = f.store.incidents(all);
    REQUIRE(incidents.size() == 2);
    CHECK(incidents[0].customer == "c1002");
    CHECK_FALSE(incidents[1].customer.has_value());
  }
}

namespace {
// The range query owner_of ran before the in-memory index: the rule as SQL.
std::optional<Holding> owner_by_sql(Store& store, const IpAddress& ip, UnixTime at) {
  SQLite::Statement q(store.db(),
                      "SELECT customer_id, network, valid_from, valid_to FROM customer_networks"
                      " WHERE family = ? AND first <= ?2 AND last >= ?2 AND valid_from <= ?3"
                      " AND (valid_to IS NULL OR valid_to > ?3) ORDER BY prefix DESC, valid_from DESC, id DESC"
                      " LIMIT 1");
  q.bind(1, ip.v4 ? 4 : 6);
  q.bind(2, ip.bytes.data(), static_cast<int>(ip.bytes.size()));
  q.bind(3, static_cast<std::int64_t>(at));
  if (!q.executeStep()) return std::nullopt;
  Holding h{q.getColumn(0).getString(), parse_network(q.getColumn(1).getString()).value(), std::nullopt, std::nullopt};
  if (q.getColumn(2).getInt64() != std::numeric_limits<UnixTime>::min()) h.from = q.getColumn(2).getInt64();
  if (!q.getColumn(3).isNull()) h.to = q.getColumn(3).getInt64();
  return h;
}

// A random network inside 10.20.0.0/21 or 2001:db8:20::/45, host bits cleared.
Network random_network(std::mt19937& rng) {
  const bool v4 = rng() % 4 != 0;
  IpAddress base = parse_ip(v4 ? "10.20.0.0" : "2001:db8:20::").value();
  base.bytes[v4 ? 14 : 6] = static_cast<std::uint8_t>(base.bytes[v4 ? 14 : 6] | rng() % 8);
  base.bytes[v4 ? 15 : 7] = static_cast<std::uint8_t>(rng() % 256);
  const int prefix = v4 ? 21 + static_cast<int>(rng() % 12) : 45 + static_cast<int>(rng() % 20);
  Network n{base, prefix};
  for (int bit = prefix + (v4 ? 96 : 0); bit < 128; ++bit) {
    n.base.bytes[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
  }
  return n;
}
}  // namespace

TEST_SUITE("store") {
  TEST_CASE("owner_of from the in-memory index agrees with the range query on random networks and times") {
    Fixture f;
    std::mt19937 rng(11);
    // Six imports a day apart; each keeps, moves, drops and adds networks.
    std::vector<std::pair<Network, int>> held;  // network, customer number
    for (int import = 0; import < 6; ++import) {
      std::vector<std::pair<Network, int>> next;
      for (const auto& h : held) {
        const auto roll = rng() % 10;
        if (roll < 6) next.push_back(h);
        else if (roll < 8) next.push_back({h.first, static_cast<int>(rng() % 20)});
      }
      for (int i = 0; i < 60; ++i) next.push_back({random_network(rng), static_cast<int>(rng() % 20)});
      std::vector<Customer> customers(20);
      for (int c = 0; c < 20; ++c) {
        customers[static_cast<std::size_t>(c)].id = "k" + std::to_string(c);
        customers[static_cast<std::size_t>(c)].emails = {"abuse@example.org"};
      }
      for (const auto& [network, c] : next) {
        auto& nets = customers[static_cast<std::size_t>(c)].networks;
        if (std::find(nets.begin(), nets.end(), network) == nets.end()) nets.push_back(network);
      }
      f.store.replace_customers(customers, k_t0 + import * k_day);
      held = next;
    }
    int found = 0;
    for (int i = 0; i < 5000; ++i) {
      IpAddress a = random_network(rng).base;
      a.bytes[15] = static_cast<std::uint8_t>(a.bytes[15] | rng() % 256);
      const UnixTime at = k_t0 - k_day + static_cast<UnixTime>(rng() % (8 * k_day));
      const auto want = owner_by_sql(f.store, a, at);
      const auto got = f.store.owner_of(a, at);
      REQUIRE(want.has_value() == got.has_value());
      if (!want) continue;
      ++found;
      CHECK(got->customer == want->customer);
      CHECK(got->network == want->network);
      CHECK(got->from == want->from);
      CHECK(got->to == want->to);
    }
    CHECK(found > 1000);
  }
  TEST_CASE("an import by another connection reaches the owners this one looks up and records") {
    Fixture f;
    f.store.replace_customers(sample_customers(), k_t0);
    CHECK(owner(f.store, "203.0.113.5", k_t0 + k_day) == std::nullopt);  // builds this store's index
    {
      Store other(f.dir.path / "db" / "certbund.sqlite");
      auto more = sample_customers();
      more[1].networks.push_back(parse_network("203.0.113.0/24").value());
      other.replace_customers(more, k_t0 + k_day);
    }
    CHECK(owner(f.store, "203.0.113.5", k_t0 + k_day) == "c1002");
    auto out = f.ingest(report("CB-Report#1", {row("203.0.113.5", k_t0 + 2 * k_day)}), k_t0 + 2 * k_day);
    CHECK(out.at(0).customer == "c1002");
  }
}

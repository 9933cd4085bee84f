// Design: customer_networks keeps every (network, customer) with the span
// [valid_from, valid_to) in which the customer held it, so an event is
// attributed to whoever held its address when it was scanned. An import
// closes what changed and opens what is new; nothing is deleted.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstring>
#include <limits>
#include <set>

#include "certbund/store.hpp"
#include "ip_blob.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {
// valid_from of a network never seen before the first import that lists it.
constexpr UnixTime k_beginning = std::numeric_limits<UnixTime>::min();

using Holding = std::pair<std::string, std::string>;  // network text, customer id

void upsert_customer(StatementCache& sql, const Customer& c) {
  auto q = sql.get(
      "INSERT INTO customers (id, name, emails, language, current) VALUES (?, ?, ?, ?, 1)"
      " ON CONFLICT (id) DO UPDATE SET name = excluded.name, emails = excluded.emails,"
      " language = excluded.language, current = 1");
  q->bind(1, c.id);
  q->bind(2, c.name);
  q->bind(3, join(c.emails, ";"));
  q->bind(4, std::string(to_string(c.language)));
  q->exec();
}

// Closes every current holding that the new list does not repeat; returns
// those it repeats.
std::set<Holding> close_dropped(StatementCache& sql, const std::set<Holding>& wanted, UnixTime now) {
  std::vector<std::pair<std::int64_t, Holding>> current;
  {
    auto q = sql.get("SELECT id, network, customer_id FROM customer_networks WHERE valid_to IS NULL");
    while (q->executeStep()) {
      current.push_back({q->getColumn(0).getInt64(), {q->getColumn(1).getString(), q->getColumn(2).getString()}});
    }
  }
  std::set<Holding> kept;
  for (const auto& [id, holding] : current) {
    if (wanted.contains(holding)) {
      kept.insert(holding);
      continue;
    }
    auto q = sql.get("UPDATE customer_networks SET valid_to = ? WHERE id = ?");
    q->bind(1, static_cast<std::int64_t>(now));
    q->bind(2, id);
    q->exec();
  }
  return kept;
}

bool ever_held(StatementCache& sql, const std::string& network) {
  auto q = sql.get("SELECT 1 FROM customer_networks WHERE network = ? LIMIT 1");
  q->bind(1, network);
  return q->executeStep();
}

void open_holding(StatementCache& sql, const Network& net, const std::string& customer, UnixTime now) {
  const auto text = net.to_string();
  const UnixTime from = ever_held(sql, text) ? now : k_beginning;
  auto q = sql.get(
      "INSERT INTO customer_networks (customer_id, network, family, prefix, first, last, valid_from)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, customer);
  q->bind(2, text);
  q->bind(3, net.base.v4 ? 4 : 6);
  q->bind(4, net.prefix);
  bind_ip(*q, 5, net.base);
  bind_ip(*q, 6, net.last());
  q->bind(7, static_cast<std::int64_t>(from));
  q->exec();
}

std::vector<Network> current_networks(StatementCache& sql, const std::string& customer) {
  auto q = sql.get("SELECT network FROM customer_networks WHERE customer_id = ? AND valid_to IS NULL ORDER BY id");
  q->bind(1, customer);
  std::vector<Network> out;
  while (q->executeStep()) {
    if (auto net = parse_network(q->getColumn(0).getString())) out.push_back(*net);
  }
  return out;
}

// Imports so far, counted in the database header (PRAGMA user_version).
std::int64_t import_count(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt64(); }

// Every holding ever imported, in the order imported.
OwnerIndex load_owner_index(StatementCache& sql) {
  OwnerIndex::Builder builder;
  auto q =
      sql.get("SELECT customer_id, family, prefix, first, valid_from, valid_to FROM customer_networks ORDER BY id");
  while (q->executeStep()) {
    Network net;
    const auto first = q->getColumn(3);
    if (first.getBytes() != static_cast<int>(net.base.bytes.size())) continue;  // not written by this store
    std::memcpy(net.base.bytes.data(), first.getBlob(), net.base.bytes.size());
    net.base.v4 = q->getColumn(1).getInt() == 4;
    net.prefix = q->getColumn(2).getInt();
    std::optional<UnixTime> to;
    if (!q->getColumn(5).isNull()) to = q->getColumn(5).getInt64();
    const char* customer = q->getColumn(0).getText();
    builder.add(net, customer, q->getColumn(4).getInt64(), to);
  }
  return std::move(builder).build();
}

Customer customer_from(SQLite::Statement& q) {
  Customer c;
  c.id = q.getColumn(0).getString();
  c.name = q.getColumn(1).getString();
  c.emails = split(q.getColumn(2).getString(), ';');
  c.language = language_from_string(q.getColumn(3).getString()).value_or(Language::de_en);
  return c;
}
}  // namespace

void Store::replace_customers(const std::vector<Customer>& customers, UnixTime now) {
  owners_.reset();
  guarded(path_, [&] {
    Transaction tx(*this);
    // Tells every process that its OwnerIndex is out of date.
    db_->exec("PRAGMA user_version = " + std::to_string(import_count(*db_) + 1));
    db_->exec("UPDATE customers SET current = 0");
    std::set<Holding> wanted;
    for (const auto& c : customers) {
      upsert_customer(*statements_, c);
      for (const auto& net : c.networks) wanted.insert({net.to_string(), c.id});
    }
    const auto kept = close_dropped(*statements_, wanted, now);
    for (const auto& c : customers) {
      for (const auto& net : c.networks) {
        if (!kept.contains({net.to_string(), c.id})) open_holding(*statements_, net, c.id, now);
      }
    }
    tx.commit();
  });
}

std::vector<Customer> Store::customers() const {
  return guarded(path_, [&] {
    std::vector<Customer> out;
    {
      auto q = statements_->get("SELECT id, name, emails, language FROM customers WHERE current = 1 ORDER BY id");
      while (q->executeStep()) out.push_back(customer_from(*q));
    }
    for (auto& c : out) c.networks = current_networks(*statements_, c.id);
    return out;
  });
}

std::optional<Customer> Store::customer(const std::string& id) const {
  return guarded(path_, [&]() -> std::optional<Customer> {
    std::optional<Customer> out;
    {
      auto q = statements_->get("SELECT id, name, emails, language FROM customers WHERE id = ?");
      q->bind(1, id);
      if (q->executeStep()) out = customer_from(*q);
    }
    if (out) out->networks = current_networks(*statements_, id);
    return out;
  });
}

const OwnerIndex& Store::owners() const {
  return guarded(path_, [&]() -> const OwnerIndex& {
    const auto version = import_count(*db_);
    if (owners_ && version == owners_version_) return *owners_;
    owners_.reset();
    owners_ = std::make_unique<OwnerIndex>(load_owner_index(*statements_));
    owners_version_ = version;
    return *owners_;
  });
}

std::optional<OwnerMatch> Store::owner_of(const IpAddress& ip, UnixTime at) const {
  auto match = owners().find(ip, at);
  if (!match) return std::nullopt;
  return OwnerMatch{std::string(match->customer), match->network, match->from};
}

}  // namespace certbund

// Design: customer_networks keeps every (network, customer) with the span
// [valid_from, valid_to) in which the customer held it, so an event is
// attributed to whoever held its address when it was scanned. An import
// closes what changed and opens what is new; nothing is deleted. Only the
// first import's networks reach back before it (k_beginning): a network
// that appears later, such as a /25 carved out of another customer's /24,
// must not claim the scans from before its import.

#include <SQLiteCpp/SQLiteCpp.h>

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

using NetworkOf = std::pair<std::string, std::string>;  // network text, customer id

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

// Closes every current holding that the new list does not repeat at
// `at`; returns those it repeats, and counts what it closed.
std::set<NetworkOf> close_dropped(StatementCache& sql, const std::set<NetworkOf>& wanted, UnixTime at,
                                  HoldingChanges& changes) {
  std::vector<std::pair<std::int64_t, NetworkOf>> current;
  {
    auto q = sql.get("SELECT id, network, customer_id FROM customer_networks WHERE valid_to IS NULL");
    while (q->executeStep()) {
      current.push_back({q->getColumn(0).getInt64(), {q->getColumn(1).getString(), q->getColumn(2).getString()}});
    }
  }
  std::set<NetworkOf> kept;
  for (const auto& [id, holding] : current) {
    if (wanted.contains(holding)) {
      kept.insert(holding);
      continue;
    }
    auto q = sql.get("UPDATE customer_networks SET valid_to = ? WHERE id = ?");
    q->bind(1, static_cast<std::int64_t>(at));
    q->bind(2, id);
    q->exec();
    ++changes.closed;
  }
  return kept;
}

void open_holding(StatementCache& sql, const Network& net, const std::string& customer, UnixTime from) {
  auto q = sql.get(
      "INSERT INTO customer_networks (customer_id, network, family, prefix, first, last, valid_from)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, customer);
  q->bind(2, net.to_string());
  q->bind(3, net.base.v4 ? 4 : 6);
  q->bind(4, net.prefix);
  bind_ip(*q, 5, net.base);
  bind_ip(*q, 6, net.last());
  q->bind(7, static_cast<std::int64_t>(from));
  q->exec();
}

// The latest start or end recorded; nullopt when there is none (no
// import yet, or only the first one's spans, which start at k_beginning).
// `any` tells whether any span exists.
std::optional<UnixTime> latest_change(StatementCache& sql, bool& any) {
  auto q = sql.get(
      "SELECT count(*), max(CASE WHEN valid_from > ? THEN valid_from END), max(valid_to)"
      " FROM customer_networks");
  q->bind(1, static_cast<std::int64_t>(k_beginning));
  q->executeStep();
  any = q->getColumn(0).getInt64() > 0;
  std::optional<UnixTime> out;
  for (int column : {1, 2}) {
    if (q->getColumn(column).isNull()) continue;
    UnixTime t = q->getColumn(column).getInt64();
    if (!out || t > *out) out = t;
  }
  return out;
}

// When the import's changes count from; Failure(Exit::usage) for a time
// that would rewrite the past or name the future.
UnixTime change_time(StatementCache& sql, UnixTime now, std::optional<UnixTime> valid_from, bool& first_import) {
  bool any = false;
  const auto latest = latest_change(sql, any);
  first_import = !any;
  if (!valid_from) return now;
  if (*valid_from > now) {
    throw Failure(Exit::usage,
                  "valid from " + format_iso8601(*valid_from) + " is in the future (now " + format_iso8601(now) + ")");
  }
  if (latest && *valid_from < *latest) {
    throw Failure(Exit::usage, "valid from " + format_iso8601(*valid_from) +
                                   " is before the latest change of the customer list (" + format_iso8601(*latest) +
                                   "): its history only moves forward");
  }
  return *valid_from;
}

Holding holding_from(SQLite::Statement& q, int first_column) {
  Holding h;
  h.customer = q.getColumn(first_column).getString();
  h.network = parse_network(q.getColumn(first_column + 1).getString()).value_or(Network{});
  const UnixTime from = q.getColumn(first_column + 2).getInt64();
  if (from != k_beginning) h.from = from;
  if (!q.getColumn(first_column + 3).isNull()) h.to = q.getColumn(first_column + 3).getInt64();
  return h;
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

Customer customer_from(SQLite::Statement& q) {
  Customer c;
  c.id = q.getColumn(0).getString();
  c.name = q.getColumn(1).getString();
  c.emails = split(q.getColumn(2).getString(), ';');
  c.language = language_from_string(q.getColumn(3).getString()).value_or(Language::de_en);
  return c;
}
}  // namespace

HoldingChanges Store::replace_customers(const std::vector<Customer>& customers, UnixTime now,
                                        std::optional<UnixTime> valid_from) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    bool first_import = false;
    const UnixTime at = change_time(*statements_, now, valid_from, first_import);
    const UnixTime from = first_import && !valid_from ? k_beginning : at;
    db_->exec("UPDATE customers SET current = 0");
    std::set<NetworkOf> wanted;
    for (const auto& c : customers) {
      upsert_customer(*statements_, c);
      for (const auto& net : c.networks) wanted.insert({net.to_string(), c.id});
    }
    HoldingChanges changes;
    const auto kept = close_dropped(*statements_, wanted, at, changes);
    for (const auto& c : customers) {
      for (const auto& net : c.networks) {
        if (kept.contains({net.to_string(), c.id})) continue;
        open_holding(*statements_, net, c.id, from);
        ++changes.opened;
      }
    }
    tx.commit();
    return changes;
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

std::optional<Holding> Store::owner_of(const IpAddress& ip, UnixTime at) const {
  return guarded(path_, [&]() -> std::optional<Holding> {
    auto q = statements_->get(
        "SELECT customer_id, network, valid_from, valid_to FROM customer_networks"
        " WHERE family = ? AND first <= ?2 AND last >= ?2 AND valid_from <= ?3"
        " AND (valid_to IS NULL OR valid_to > ?3) ORDER BY prefix DESC, valid_from DESC LIMIT 1");
    q->bind(1, ip.v4 ? 4 : 6);
    bind_ip(*q, 2, ip);
    q->bind(3, static_cast<std::int64_t>(at));
    if (!q->executeStep()) return std::nullopt;
    return holding_from(*q, 0);
  });
}

std::vector<Holding> Store::holdings(const std::string& id) const {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "SELECT customer_id, network, valid_from, valid_to FROM customer_networks WHERE customer_id = ?"
        " ORDER BY family, first, prefix, valid_from, id");
    q->bind(1, id);
    std::vector<Holding> out;
    while (q->executeStep()) out.push_back(holding_from(*q, 0));
    return out;
  });
}

}  // namespace certbund

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <unordered_map>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {

// Incidents per value of `key` and status, in key order (NULL first):
// counted from the index (key, status) of schema/008 in one pass, without
// reading the table or sorting (a sum() per status took twice as long).
std::string counts_sql(const std::string& key) {
  return "SELECT " + key + ", status, count(*) FROM incidents GROUP BY 1, 2 ORDER BY 1, 2";
}

// Purged incidents (all resolved) per value of `key`, in key order.
std::string purged_sql(const std::string& key) {
  return "SELECT " + key + ", count(*) FROM purged_incidents GROUP BY 1 ORDER BY 1";
}

std::optional<std::string> key_of(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

// The entry of key `k` in `out` (in key order), added at the end when new.
IncidentStats& entry(std::vector<IncidentStats>& out, const std::optional<std::string>& k) {
  if (out.empty() || out.back().key != k) out.push_back({k, 0, 0, std::nullopt});
  return out.back();
}

using Medians = std::vector<std::pair<std::optional<std::string>, UnixTime>>;

// Keys (services or customers) as small numbers, NULL among them.
class KeyIds {
 public:
  std::uint32_t id(const SQLite::Column& c) {
    if (c.isNull()) {
      if (!null_id_) null_id_ = add(std::nullopt);
      return *null_id_;
    }
    const auto* text = static_cast<const char*>(c.getBlob());  // before getBytes, as SQLite asks
    std::string k(text, static_cast<std::size_t>(c.getBytes()));
    if (auto it = ids_.find(k); it != ids_.end()) return it->second;
    const std::uint32_t id = add(k);
    ids_.emplace(std::move(k), id);
    return id;
  }
  const std::optional<std::string>& key(std::uint32_t id) const { return keys_[id]; }

 private:
  std::uint32_t add(std::optional<std::string> k) {
    keys_.push_back(std::move(k));
    return static_cast<std::uint32_t>(keys_.size() - 1);
  }
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::optional<std::string>> keys_;
  std::optional<std::uint32_t> null_id_;
};

// One resolved (or purged) incident: its service's and customer's key
// ids and its time to fix (seconds, 0 when negative).
struct Fix {
  std::uint32_t service = 0, customer = 0;
  std::int64_t seconds = 0;
};

// The median of each key's fixes, in key order: the fix at n/2 (from 0)
// of its n fixes in rising order, the upper of two.
template <class KeyOf>
Medians medians_of(std::vector<Fix>& fixes, const KeyIds& ids, KeyOf key_of_fix) {
  std::sort(fixes.begin(), fixes.end(), [&](const Fix& a, const Fix& b) {
    return std::pair(key_of_fix(a), a.seconds) < std::pair(key_of_fix(b), b.seconds);
  });
  Medians out;
  for (std::size_t begin = 0, end = 0; begin < fixes.size(); begin = end) {
    while (end < fixes.size() && key_of_fix(fixes[end]) == key_of_fix(fixes[begin])) ++end;
    out.emplace_back(ids.key(key_of_fix(fixes[begin])), fixes[begin + (end - begin) / 2].seconds);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The medians per service and per customer from one read of the resolved
// incidents (their partial index of schema/008, named: SQLite preferred
// the status index and read every row) and the purged ones. Sorted here,
// 16 bytes per incident: SQLite's window functions sorted each key's rows
// apart, two thirds of the time of stats.
std::pair<Medians, Medians> medians(StatementCache& sql) {
  auto q = sql.get(
      "SELECT service, customer, max(0, resolved_at - first_seen) FROM incidents INDEXED BY incidents_fixed"
      " WHERE status = 'resolved' AND resolved_at IS NOT NULL"
      " UNION ALL SELECT service, customer, max(0, resolved_at - first_seen) FROM purged_incidents");
  KeyIds services, customers;
  std::vector<Fix> fixes;
  while (q->executeStep()) {
    if (q->getColumn(2).isNull()) continue;
    fixes.push_back({services.id(q->getColumn(0)), customers.id(q->getColumn(1)), q->getColumn(2).getInt64()});
  }
  auto by_service = medians_of(fixes, services, [](const Fix& f) { return f.service; });
  auto by_customer = medians_of(fixes, customers, [](const Fix& f) { return f.customer; });
  return {std::move(by_service), std::move(by_customer)};
}

// Counts and purged counts, each read in key order, and the key's
// `medians`, merged here: joining them in SQL compared every key with
// every other.
std::vector<IncidentStats> incident_stats(StatementCache& sql, const std::string& key, const Medians& medians) {
  std::vector<IncidentStats> out;
  {
    auto q = sql.get(counts_sql(key));
    while (q->executeStep()) {
      IncidentStats& e = entry(out, key_of(q->getColumn(0)));
      const bool open = column_state(q->getColumn(1), incident_status_from_string) == IncidentStatus::open;
      (open ? e.open : e.resolved) += q->getColumn(2).getInt64();
    }
  }
  std::vector<std::pair<std::optional<std::string>, std::int64_t>> purged;
  {
    auto q = sql.get(purged_sql(key));
    while (q->executeStep()) purged.emplace_back(key_of(q->getColumn(0)), q->getColumn(1).getInt64());
  }
  if (!purged.empty()) {  // merged by key; without purges, no copy
    std::vector<IncidentStats> merged;
    merged.reserve(out.size() + purged.size());
    auto it = out.begin();
    for (auto& [k, n] : purged) {
      for (; it != out.end() && it->key < k; ++it) merged.push_back(std::move(*it));
      IncidentStats& e = entry(merged, k);
      if (it != out.end() && it->key == k) e = std::move(*it++);
      e.resolved += n;
    }
    for (; it != out.end(); ++it) merged.push_back(std::move(*it));
    out = std::move(merged);
  }
  auto it = out.begin();
  for (const auto& [k, median] : medians) {
    while (it != out.end() && it->key < k) ++it;
    if (it != out.end() && it->key == k) it->median_fix = median;
  }
  return out;
}

}  // namespace

Stats Store::stats() const {
  return guarded(path_, [&] {
    Stats out;
    const auto [service_medians, customer_medians] = medians(*statements_);
    out.by_service = incident_stats(*statements_, "service", service_medians);
    out.by_customer = incident_stats(*statements_, "customer", customer_medians);
    auto q = statements_->get(
        "SELECT status, verdict, count(*) FROM mails GROUP BY status, verdict ORDER BY status, verdict");
    while (q->executeStep()) {
      out.mails.push_back({column_state(q->getColumn(0), mail_status_from_string),
                           optional_column_state(q->getColumn(1), verdict_from_string), q->getColumn(2).getInt64()});
    }
    auto p = statements_->get(
        "SELECT ifnull(sum(incidents), 0), ifnull(sum(events), 0), ifnull(sum(notices), 0), ifnull(sum(mails), 0),"
        " max(at) FROM purges");
    p->executeStep();
    out.purged = {p->getColumn(0).getInt64(), p->getColumn(1).getInt64(), p->getColumn(2).getInt64(),
                  p->getColumn(3).getInt64()};
    if (!p->getColumn(4).isNull()) out.last_purge = p->getColumn(4).getInt64();
    auto reviews = statements_->get(
        "SELECT (SELECT count(*) FROM mails WHERE status = 'needs_review'),"
        " (SELECT count(DISTINCT mail_id) FROM mail_reviews WHERE action = 'rows'),"
        " (SELECT count(*) FROM mails WHERE status = 'dismissed')");
    reviews->executeStep();
    out.review_waiting = reviews->getColumn(0).getInt64();
    out.reviewed = reviews->getColumn(1).getInt64();
    out.dismissed = reviews->getColumn(2).getInt64();
    return out;
  });
}

}  // namespace certbund

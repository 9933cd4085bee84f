#include <SQLiteCpp/SQLiteCpp.h>

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

// The median time to fix per value of `key`, in key order: row n/2 (from
// 0) of its n resolved (or purged) incidents ordered by time to fix (0
// when negative); the resolved incidents come from their partial index
// (named: SQLite preferred the status index and read every row).
std::string medians_sql(const std::string& key) {
  return "SELECT k, fix FROM (SELECT k, fix, row_number() OVER (PARTITION BY k ORDER BY fix) - 1 AS rn,"
         " count(*) OVER (PARTITION BY k) AS n FROM (SELECT " +
         key +
         " AS k, max(0, resolved_at - first_seen) AS fix FROM incidents INDEXED BY incidents_fixed"
         " WHERE status = 'resolved' AND resolved_at IS NOT NULL UNION ALL SELECT " +
         key +
         ", max(0, resolved_at - first_seen) FROM purged_incidents) WHERE fix IS NOT NULL) WHERE rn = n / 2"
         " ORDER BY k";
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

// Counts, purged counts and medians, each read in key order and merged
// here: joining them in SQL compared every key with every other.
std::vector<IncidentStats> incident_stats(StatementCache& sql, const std::string& key) {
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
  auto q = sql.get(medians_sql(key));
  auto it = out.begin();
  while (q->executeStep()) {
    const auto k = key_of(q->getColumn(0));
    while (it != out.end() && it->key < k) ++it;
    if (it != out.end() && it->key == k) it->median_fix = q->getColumn(1).getInt64();
  }
  return out;
}

}  // namespace

Stats Store::stats() const {
  return guarded(path_, [&] {
    Stats out;
    out.by_service = incident_stats(*statements_, "service");
    out.by_customer = incident_stats(*statements_, "customer");
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

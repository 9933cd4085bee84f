#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {

// Open and resolved incidents per value of `key_column`, with the median
// time to fix: row n/2 (from 0) of the n resolved ones, by time to fix.
std::string incident_stats_sql(const char* key_column) {
  const std::string key = key_column;
  return "WITH i AS (SELECT " + key +
         " AS k, status, CASE WHEN status <> 'open' AND resolved_at IS NOT NULL"
         " THEN max(0, resolved_at - first_seen) END AS fix FROM incidents"
         " UNION ALL SELECT " +
         key +
         ", 'resolved', max(0, resolved_at - first_seen) FROM purged_incidents),"
         " counts AS (SELECT k, sum(status = 'open') AS open, sum(status <> 'open') AS resolved"
         " FROM i GROUP BY k),"
         " ranked AS (SELECT k, fix, row_number() OVER (PARTITION BY k ORDER BY fix) - 1 AS rn,"
         " count(*) OVER (PARTITION BY k) AS n FROM i WHERE fix IS NOT NULL)"
         " SELECT c.k, c.open, c.resolved, r.fix FROM counts c"
         " LEFT JOIN ranked r ON r.k IS c.k AND r.rn = r.n / 2 ORDER BY c.k";
}

std::vector<IncidentStats> incident_stats(StatementCache& sql, const char* key_column) {
  auto q = sql.get(incident_stats_sql(key_column));
  std::vector<IncidentStats> out;
  while (q->executeStep()) {
    IncidentStats s;
    if (!q->getColumn(0).isNull()) s.key = q->getColumn(0).getString();
    s.open = q->getColumn(1).getInt64();
    s.resolved = q->getColumn(2).getInt64();
    if (!q->getColumn(3).isNull()) s.median_fix = q->getColumn(3).getInt64();
    out.push_back(std::move(s));
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

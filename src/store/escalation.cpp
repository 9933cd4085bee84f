// Design: an incident's first notice is the earliest sent notice of a
// report that listed it for the customer who held it: the outbox row of
// (report, customer) and the incident's events in that report. It is
// escalated when it is still open that many days later and a scan after
// that notice reported it again: the customer was told and did not fix it.
// A reopened incident counts from its very first notice: it was told of
// long ago, and it is back.

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

std::vector<Escalation> Store::escalations(int after_days, UnixTime now) const {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "WITH first AS (SELECT e.incident_id, min(o.sent_at) AS at FROM outbox o"
        "  JOIN events e ON e.report_id = o.report_id AND e.customer = o.customer"
        "  WHERE o.status = 'sent' AND o.sent_at IS NOT NULL GROUP BY e.incident_id)"
        " SELECT i.id, i.customer, i.ip, i.port, i.service, f.at, i.last_seen FROM incidents i"
        " JOIN first f ON f.incident_id = i.id"
        " WHERE i.status = 'open' AND i.customer IS NOT NULL AND f.at <= ?1 AND i.last_seen > f.at"
        " ORDER BY i.customer, i.id");
    q->bind(1, static_cast<std::int64_t>(now - after_days * k_day_seconds));
    std::vector<Escalation> out;
    while (q->executeStep()) {
      Escalation e;
      e.incident_id = q->getColumn(0).getInt64();
      e.customer = q->getColumn(1).getString();
      e.ip = column_state(q->getColumn(2), parse_ip);
      if (!q->getColumn(3).isNull()) e.port = q->getColumn(3).getInt();
      e.service = q->getColumn(4).getString();
      e.first_notice = q->getColumn(5).getInt64();
      e.last_seen = q->getColumn(6).getInt64();
      out.push_back(std::move(e));
    }
    return out;
  });
}

bool Store::digest_sent(const std::string& day) const {
  return guarded(path_, [&] {
    auto q = statements_->get("SELECT 1 FROM digests WHERE day = ?");
    q->bind(1, day);
    return q->executeStep();
  });
}

void Store::record_digest(const std::string& day, UnixTime at, const std::string& recipient, std::size_t incidents,
                          const std::string& reply) {
  guarded(path_, [&] {
    auto q = statements_->get("INSERT INTO digests (day, sent_at, recipient, incidents, reply) VALUES (?, ?, ?, ?, ?)");
    q->bind(1, day);
    q->bind(2, static_cast<std::int64_t>(at));
    q->bind(3, recipient);
    q->bind(4, static_cast<std::int64_t>(incidents));
    q->bind(5, reply);
    q->exec();
  });
}

}  // namespace certbund

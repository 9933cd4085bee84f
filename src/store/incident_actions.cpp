// What a person does to an incident: reopen it, add a note. Resolving is
// in incidents.cpp; each change goes into the incident's history.

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "history.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

// A reminder follows the reminder interval as before the resolution, from
// the last notice that tells of the incident and was not cancelled: one the
// resolution withdrew before it went out (cancelled, or made again without
// the incident) told the customer nothing, so then the next scan is notified.
bool Store::reopen_incident(std::int64_t id, UnixTime at, const Change& change) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    auto q = statements_->get(
        "UPDATE incidents SET status = 'open', resolved_at = NULL,"
        " last_notified = (SELECT max(o.created) FROM outbox_incidents l JOIN outbox o ON o.id = l.outbox_id"
        " WHERE l.incident_id = incidents.id AND o.status <> 'cancelled')"
        " WHERE id = ? AND status = 'resolved'");
    q->bind(1, id);
    if (q->exec() == 0) return false;
    add_history(*statements_, id, at, IncidentAction::reopened, change);
    tx.commit();
    return true;
  });
}

bool Store::add_note(std::int64_t id, UnixTime at, const std::string& by, const std::string& text) {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "INSERT INTO incident_notes (incident_id, at, author, text)"
        " SELECT id, ?, ?, ? FROM incidents WHERE id = ?");
    q->bind(1, static_cast<std::int64_t>(at));
    q->bind(2, by);
    q->bind(3, text);
    q->bind(4, id);
    return q->exec() > 0;
  });
}

}  // namespace certbund

// What a person does to an incident: reopen it, add a note. Resolving is
// in incidents.cpp; each change goes into the incident's history.

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "history.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

// last_notified stays: a reminder follows the reminder interval as before
// the resolution.
bool Store::reopen_incident(std::int64_t id, UnixTime at, const Change& change) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    auto q = statements_->get(
        "UPDATE incidents SET status = 'open', resolved_at = NULL WHERE id = ? AND status = 'resolved'");
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

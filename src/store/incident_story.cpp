// An incident's whole story: the incident, its events with their reports
// and mails, the notices that told of it, notes and status history.

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "incident_row.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {

std::optional<UnixTime> optional_time(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

std::vector<IncidentEvent> events_of(StatementCache& sql, std::int64_t id) {
  auto q = sql.get(
      "SELECT e.id, e.timestamp, r.ticket, e.report_id, e.mail_id, m.verdict, e.customer,"
      " (SELECT author FROM mail_reviews WHERE report_id = e.report_id) FROM events e"
      " JOIN reports r ON r.id = e.report_id JOIN mails m ON m.id = e.mail_id"
      " WHERE e.incident_id = ? ORDER BY e.timestamp, e.id");
  q->bind(1, id);
  std::vector<IncidentEvent> out;
  while (q->executeStep()) {
    IncidentEvent e;
    e.id = q->getColumn(0).getInt64();
    e.scanned = q->getColumn(1).getInt64();
    e.ticket = q->getColumn(2).getString();
    e.report_id = q->getColumn(3).getInt64();
    e.mail_id = q->getColumn(4).getInt64();
    e.verdict = optional_column_state(q->getColumn(5), verdict_from_string);
    if (!q->getColumn(6).isNull()) e.customer = q->getColumn(6).getString();
    if (!q->getColumn(7).isNull()) e.reviewed_by = q->getColumn(7).getString();
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<IncidentNotice> notices_of(StatementCache& sql, std::int64_t id) {
  auto q = sql.get(
      "SELECT o.id, o.status, o.customer, o.ticket, o.recipients, o.created,"
      " coalesce(o.sent_at, o.failed_at, o.cancelled_at), o.attempts,"
      " CASE WHEN o.status = 'cancelled' THEN o.note ELSE o.last_reply END FROM outbox_incidents oi JOIN outbox o ON "
      "o.id = oi.outbox_id"
      " WHERE oi.incident_id = ? ORDER BY o.created, o.id");
  q->bind(1, id);
  std::vector<IncidentNotice> out;
  while (q->executeStep()) {
    IncidentNotice n;
    n.id = q->getColumn(0).getInt64();
    n.status = column_state(q->getColumn(1), outbox_status_from_string);
    n.customer = q->getColumn(2).getString();
    n.ticket = q->getColumn(3).getString();
    for (auto& to : split(q->getColumn(4).getString(), '\n')) {
      if (!to.empty()) n.to.push_back(std::move(to));
    }
    n.created = q->getColumn(5).getInt64();
    n.done_at = optional_time(q->getColumn(6));
    n.attempts = q->getColumn(7).getInt();
    n.reply = q->getColumn(8).getString();
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<IncidentNote> notes_of(StatementCache& sql, std::int64_t id) {
  auto q = sql.get("SELECT at, author, text FROM incident_notes WHERE incident_id = ? ORDER BY at, id");
  q->bind(1, id);
  std::vector<IncidentNote> out;
  while (q->executeStep()) {
    out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getString()});
  }
  return out;
}

std::vector<IncidentChange> history_of(StatementCache& sql, std::int64_t id) {
  auto q = sql.get("SELECT at, what, author, why FROM incident_history WHERE incident_id = ? ORDER BY at, id");
  q->bind(1, id);
  std::vector<IncidentChange> out;
  while (q->executeStep()) {
    out.push_back({q->getColumn(0).getInt64(), column_state(q->getColumn(1), incident_action_from_string),
                   q->getColumn(2).getString(), q->getColumn(3).getString()});
  }
  return out;
}

}  // namespace

std::optional<IncidentStory> Store::incident_story(std::int64_t id) const {
  return guarded(path_, [&]() -> std::optional<IncidentStory> {
    IncidentStory story;
    {
      auto q = statements_->get(std::string(k_incident_select) + " WHERE i.id = ?");
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      story.incident = incident_from(*q);
    }
    IncidentDetails(*statements_).fill(story.incident);
    story.events = events_of(*statements_, id);
    story.notices = notices_of(*statements_, id);
    story.notes = notes_of(*statements_, id);
    story.history = history_of(*statements_, id);
    return story;
  });
}

}  // namespace certbund

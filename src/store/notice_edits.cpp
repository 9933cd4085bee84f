// Queued notices changed before they are sent: cancelled, or replaced by
// one made again for fewer incidents.

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "outbox_rows.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

std::vector<std::int64_t> Store::queued_notices_of(std::int64_t incident_id) const {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "SELECT o.id FROM outbox_incidents oi JOIN outbox o ON o.id = oi.outbox_id"
        " WHERE oi.incident_id = ? AND o.status = 'queued' ORDER BY o.id");
    q->bind(1, incident_id);
    std::vector<std::int64_t> out;
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

std::optional<NoticeSource> Store::notice_source(std::int64_t id) const {
  return guarded(path_, [&]() -> std::optional<NoticeSource> {
    NoticeSource source;
    {
      auto q = statements_->get("SELECT customer, report_id FROM outbox WHERE id = ? AND status = 'queued'");
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      source.id = id;
      source.customer = q->getColumn(0).getString();
      source.report_id = q->getColumn(1).getInt64();
    }
    auto q = statements_->get(
        "SELECT i.id, i.status FROM outbox_incidents oi JOIN incidents i ON i.id = oi.incident_id"
        " WHERE oi.outbox_id = ? ORDER BY i.id");
    q->bind(1, id);
    while (q->executeStep()) {
      const bool open = column_state(q->getColumn(1), incident_status_from_string) == IncidentStatus::open;
      (open ? source.open : source.resolved).push_back(q->getColumn(0).getInt64());
    }
    return source;
  });
}

bool Store::cancel_notice(std::int64_t id, UnixTime at, const std::string& why) {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "UPDATE outbox SET status = 'cancelled', cancelled_at = ?, note = ?"
        " WHERE id = ? AND status IN ('queued', 'failed', 'in_doubt')");
    q->bind(1, static_cast<std::int64_t>(at));
    q->bind(2, why);
    q->bind(3, id);
    return q->exec() > 0;
  });
}

bool Store::replace_notice(std::int64_t id, const NewNotice& notice, const std::vector<std::int64_t>& incidents) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    auto q = statements_->get(
        "UPDATE outbox SET message_id = ?, subject = ?, from_addr = ?, recipients = ?, bytes = ?"
        " WHERE id = ? AND status = 'queued'");
    q->bind(1, notice.message_id);
    q->bind(2, notice.subject);
    q->bind(3, notice.from);
    q->bind(4, join(notice.to, "\n"));
    q->bind(5, notice.bytes.data(), static_cast<int>(notice.bytes.size()));
    q->bind(6, id);
    if (q->exec() == 0) return false;
    auto unsent = statements_->get("DELETE FROM outbox_recipients WHERE outbox_id = ? AND status <> 'sent'");
    unsent->bind(1, id);
    unsent->exec();
    add_recipients(*statements_, id, notice.to);
    auto unlink = statements_->get("DELETE FROM outbox_incidents WHERE outbox_id = ?");
    unlink->bind(1, id);
    unlink->exec();
    link_incidents(*statements_, id, incidents);
    tx.commit();
    return true;
  });
}

}  // namespace certbund

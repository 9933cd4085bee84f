#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {
constexpr const char* k_outbox_select =
    "SELECT id, customer, ticket, message_id, subject, from_addr, recipients, bytes, status,"
    " attempts, created, next_try, sent_at, last_reply, note FROM outbox ";

OutboxItem item_from(SQLite::Statement& q) {
  OutboxItem o;
  o.id = q.getColumn(0).getInt64();
  std::string* texts[] = {&o.customer, &o.ticket, &o.message_id, &o.subject, &o.from};
  for (int i = 0; i < 5; ++i) *texts[i] = q.getColumn(1 + i).getString();
  for (const auto& to : split(q.getColumn(6).getString(), '\n')) {
    if (!to.empty()) o.to.push_back(to);
  }
  const auto bytes = q.getColumn(7);
  o.bytes.assign(static_cast<const char*>(bytes.getBlob()), static_cast<std::size_t>(bytes.getBytes()));
  o.status = column_state(q.getColumn(8), outbox_status_from_string);
  o.attempts = q.getColumn(9).getInt();
  o.created = q.getColumn(10).getInt64();
  o.next_try = q.getColumn(11).getInt64();
  if (!q.getColumn(12).isNull()) o.sent_at = q.getColumn(12).getInt64();
  o.last_reply = q.getColumn(13).getString();
  o.note = q.getColumn(14).getString();
  return o;
}

std::vector<OutboxItem> items_of(Query& q) {
  std::vector<OutboxItem> out;
  while (q->executeStep()) out.push_back(item_from(*q));
  return out;
}
}  // namespace

std::int64_t Store::enqueue(const NewNotice& notice, const std::string& customer, std::int64_t report_id, UnixTime now,
                            const std::vector<std::int64_t>& incidents) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    auto q = statements_->get(
        "INSERT INTO outbox (customer, report_id, ticket, message_id, subject, from_addr, recipients,"
        " bytes, created, next_try) VALUES (?1, ?2, ifnull((SELECT ticket FROM reports WHERE id = ?2), ''),"
        " ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
    q->bind(1, customer);
    q->bind(2, report_id);
    q->bind(3, notice.message_id);
    q->bind(4, notice.subject);
    q->bind(5, notice.from);
    q->bind(6, join(notice.to, "\n"));
    q->bind(7, notice.bytes.data(), static_cast<int>(notice.bytes.size()));
    q->bind(8, static_cast<std::int64_t>(now));
    q->exec();
    const std::int64_t id = db_->getLastInsertRowid();
    for (std::int64_t incident : incidents) {
      auto link = statements_->get("INSERT OR IGNORE INTO outbox_incidents (outbox_id, incident_id) VALUES (?, ?)");
      link->bind(1, id);
      link->bind(2, incident);
      link->exec();
    }
    tx.commit();
    return id;
  });
}

std::vector<OutboxItem> Store::due(UnixTime now) const {
  return guarded(path_, [&] {
    auto q = statements_->get(std::string(k_outbox_select) +
                              "WHERE status = 'queued' AND next_try <= ? ORDER BY next_try, id");
    q->bind(1, static_cast<std::int64_t>(now));
    return items_of(q);
  });
}

std::vector<OutboxItem> Store::outbox() const {
  return guarded(path_, [&] {
    auto q = statements_->get(std::string(k_outbox_select) + "ORDER BY id DESC");
    return items_of(q);
  });
}

void Store::mark_sent(std::int64_t id, const std::string& reply, UnixTime now) {
  guarded(path_, [&] {
    auto q = statements_->get(
        "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_reply = ? WHERE id = ?");
    q->bind(1, static_cast<std::int64_t>(now));
    q->bind(2, reply);
    q->bind(3, id);
    q->exec();
  });
}

void Store::mark_retry(std::int64_t id, const std::string& reply, UnixTime next_try) {
  guarded(path_, [&] {
    auto q = statements_->get(
        "UPDATE outbox SET attempts = attempts + 1, next_try = ?, last_reply = ?"
        " WHERE id = ? AND status = 'queued'");
    q->bind(1, static_cast<std::int64_t>(next_try));
    q->bind(2, reply);
    q->bind(3, id);
    q->exec();
  });
}

void Store::mark_failed(std::int64_t id, const std::string& reply, UnixTime now) {
  guarded(path_, [&] {
    auto q = statements_->get(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, failed_at = ?, last_reply = ?"
        " WHERE id = ?");
    q->bind(1, static_cast<std::int64_t>(now));
    q->bind(2, reply);
    q->bind(3, id);
    q->exec();
  });
}

}  // namespace certbund

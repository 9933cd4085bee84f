// The outbox: notices queued, listed, and marked as a whole. Claiming a
// notice and its addresses one by one are in outbox_claims.cpp.

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <span>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "outbox_rows.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {
constexpr const char* k_outbox_select =
    "SELECT id, customer, ticket, message_id, subject, from_addr, recipients, bytes, status,"
    " attempts, created, next_try, sent_at, last_reply, note, failed_at, cancelled_at, claimed_by, claimed_at"
    " FROM outbox ";

std::optional<UnixTime> optional_time(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

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
  o.sent_at = optional_time(q.getColumn(12));
  o.last_reply = q.getColumn(13).getString();
  o.note = q.getColumn(14).getString();
  o.failed_at = optional_time(q.getColumn(15));
  o.cancelled_at = optional_time(q.getColumn(16));
  o.claimed_by = q.getColumn(17).getString();
  o.claimed_at = optional_time(q.getColumn(18));
  return o;
}

std::vector<OutboxItem> items_of(Query& q) {
  std::vector<OutboxItem> out;
  while (q->executeStep()) out.push_back(item_from(*q));
  return out;
}

}  // namespace

std::vector<OutboxRecipient> recipients_of(StatementCache& statements, std::int64_t id) {
  auto q = statements.get(
      "SELECT address, status, attempts, reply, done_at FROM outbox_recipients WHERE outbox_id = ?"
      " ORDER BY position, address");
  q->bind(1, id);
  std::vector<OutboxRecipient> out;
  while (q->executeStep()) {
    OutboxRecipient r;
    r.address = q->getColumn(0).getString();
    r.status = column_state(q->getColumn(1), recipient_status_from_string);
    r.attempts = q->getColumn(2).getInt();
    r.reply = q->getColumn(3).getString();
    r.done_at = optional_time(q->getColumn(4));
    out.push_back(std::move(r));
  }
  return out;
}

void add_recipients(StatementCache& statements, std::int64_t id, const std::vector<std::string>& to) {
  int position = 0;
  for (const std::string& address : to) {
    auto q = statements.get(
        "INSERT INTO outbox_recipients (outbox_id, position, address) VALUES (?, ?, ?)"
        " ON CONFLICT (outbox_id, address) DO UPDATE SET position = excluded.position");
    q->bind(1, id);
    q->bind(2, position++);
    q->bind(3, address);
    q->exec();
  }
}

// In statements of up to 64 links each: a notice of a large report links
// thousands of incidents.
void link_incidents(StatementCache& statements, std::int64_t id, const std::vector<std::int64_t>& incidents) {
  constexpr std::size_t k_links_per_insert = 64;
  std::span<const std::int64_t> rest(incidents);
  while (!rest.empty()) {
    const std::size_t n = std::min(rest.size(), k_links_per_insert);
    std::string sql = "INSERT OR IGNORE INTO outbox_incidents (outbox_id, incident_id) VALUES (?1, ?2)";
    for (std::size_t i = 1; i < n; ++i) sql += ", (?1, ?" + std::to_string(i + 2) + ")";
    auto link = statements.get(sql);
    link->bind(1, id);
    for (std::size_t i = 0; i < n; ++i) link->bind(static_cast<int>(i + 2), rest[i]);
    link->exec();
    rest = rest.subspan(n);
  }
}

std::optional<OutboxItem> load_item(StatementCache& statements, std::int64_t id) {
  std::optional<OutboxItem> item;
  {
    auto q = statements.get(std::string(k_outbox_select) + "WHERE id = ?");
    q->bind(1, id);
    if (q->executeStep()) item = item_from(*q);
  }
  if (item) item->recipients = recipients_of(statements, id);
  return item;
}

std::int64_t Store::enqueue(const NewNotice& notice, const std::string& customer, std::int64_t report_id, UnixTime now,
                            const std::vector<std::int64_t>& incidents) {
  return guarded(path_, [&] {
    // Inside the caller's transaction, no savepoint of its own: SQLite
    // copies every page a savepoint changes first (the notice's links land
    // on as many index pages as it has incidents) to its sub-journal.
    std::optional<Transaction> tx;
    if (sqlite3_get_autocommit(db_->getHandle()) != 0) tx.emplace(*this);
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
    add_recipients(*statements_, id, notice.to);
    link_incidents(*statements_, id, incidents);
    if (tx) tx->commit();
    return id;
  });
}

std::vector<OutboxItem> Store::due(UnixTime now) const {
  return guarded(path_, [&] {
    std::vector<OutboxItem> items;
    {
      auto q = statements_->get(std::string(k_outbox_select) +
                                "WHERE status = 'queued' AND next_try <= ? ORDER BY next_try, id");
      q->bind(1, static_cast<std::int64_t>(now));
      items = items_of(q);
    }
    for (OutboxItem& item : items) item.recipients = recipients_of(*statements_, item.id);
    return items;
  });
}

std::vector<OutboxItem> Store::outbox() const {
  return guarded(path_, [&] {
    std::vector<OutboxItem> items;
    {
      auto q = statements_->get(std::string(k_outbox_select) + "ORDER BY id DESC");
      items = items_of(q);
    }
    for (OutboxItem& item : items) item.recipients = recipients_of(*statements_, item.id);
    return items;
  });
}

std::optional<OutboxItem> Store::outbox_item(std::int64_t id) const {
  return guarded(path_, [&] { return load_item(*statements_, id); });
}

std::vector<std::int64_t> Store::notice_incidents(std::int64_t id) const {
  return guarded(path_, [&] {
    auto q = statements_->get("SELECT incident_id FROM outbox_incidents WHERE outbox_id = ? ORDER BY incident_id");
    q->bind(1, id);
    std::vector<std::int64_t> out;
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

std::optional<UnixTime> Store::next_retry() const {
  return guarded(path_, [&]() -> std::optional<UnixTime> {
    auto q = statements_->get("SELECT min(next_try) FROM outbox WHERE status = 'queued' AND attempts > 0");
    if (!q->executeStep() || q->getColumn(0).isNull()) return std::nullopt;
    return q->getColumn(0).getInt64();
  });
}

namespace {

// Notice `id` done for good, as `status` ('sent' or 'failed', its time in
// `at_column`), with every address not done yet; in the caller's transaction.
void finish_notice(StatementCache& statements, std::int64_t id, const char* status, const char* at_column,
                   const std::string& reply, UnixTime now) {
  auto q = statements.get(std::string("UPDATE outbox SET status = '") + status + "', attempts = attempts + 1, " +
                          at_column + " = ?, last_reply = ? WHERE id = ?");
  q->bind(1, static_cast<std::int64_t>(now));
  q->bind(2, reply);
  q->bind(3, id);
  q->exec();
  auto r = statements.get(std::string("UPDATE outbox_recipients SET status = '") + status +
                          "', attempts = attempts + 1, reply = ?, done_at = ?"
                          " WHERE outbox_id = ? AND status IN ('queued', 'sending')");
  r->bind(1, reply);
  r->bind(2, static_cast<std::int64_t>(now));
  r->bind(3, id);
  r->exec();
}

}  // namespace

void Store::mark_sent(std::int64_t id, const std::string& reply, UnixTime now) {
  guarded(path_, [&] {
    Transaction tx(*this);
    finish_notice(*statements_, id, "sent", "sent_at", reply, now);
    tx.commit();
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
    Transaction tx(*this);
    finish_notice(*statements_, id, "failed", "failed_at", reply, now);
    tx.commit();
  });
}

}  // namespace certbund

// Design: a purge takes the incidents resolved before a cutoff, and with
// them what abuse mail holds of them: their events, the notices that told
// only of them (a notice that also told of an incident still kept stays:
// it is that incident's evidence), and the bytes of the mails that
// reported only them (with the mails that carried those as attachments).
// A purged mail keeps its row without its bytes, so it is still counted
// and still known by its hash when delivered again; a purged incident
// leaves its service, customer and times, without its address, for stats.
// Everything is decided before anything is deleted, in one transaction.

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>

#include "certbund/store.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {

// The incidents a purge takes, for the statements below (?1: the cutoff).
constexpr const char* k_doomed =
    "WITH doomed AS (SELECT id FROM incidents WHERE status = 'resolved' AND resolved_at < ?1) ";

std::vector<std::int64_t> ids(StatementCache& sql, const std::string& text, UnixTime before) {
  auto q = sql.get(text);
  q->bind(1, static_cast<std::int64_t>(before));
  std::vector<std::int64_t> out;
  while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
  return out;
}

std::int64_t count(StatementCache& sql, const std::string& text, UnixTime before) {
  auto q = sql.get(text);
  q->bind(1, static_cast<std::int64_t>(before));
  q->executeStep();
  return q->getColumn(0).getInt64();
}

// Notices that told only of doomed incidents; one queued, sending or in
// doubt is left alone.
std::vector<std::int64_t> doomed_notices(StatementCache& sql, UnixTime before) {
  return ids(sql,
             std::string(k_doomed) +
                 "SELECT o.id FROM outbox o WHERE o.status IN ('sent', 'failed', 'cancelled')"
                 " AND EXISTS (SELECT 1 FROM events e WHERE e.report_id = o.report_id AND e.customer = o.customer"
                 " AND e.incident_id IN doomed)"
                 " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.report_id = o.report_id AND e.customer = o.customer"
                 " AND e.incident_id NOT IN doomed) ORDER BY o.id",
             before);
}

// Mails whose events are all of doomed incidents, and the mails that
// carried only such mails (or ones purged before) as attachments.
std::vector<std::int64_t> doomed_mails(StatementCache& sql, UnixTime before) {
  std::vector<std::int64_t> reporting =
      ids(sql,
          std::string(k_doomed) +
              "SELECT m.id FROM mails m WHERE m.purged_at IS NULL"
              " AND EXISTS (SELECT 1 FROM events e WHERE e.mail_id = m.id AND e.incident_id IN doomed)"
              " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.mail_id = m.id AND e.incident_id NOT IN doomed)",
          before);
  std::set<std::int64_t> out(reporting.begin(), reporting.end());
  // Carriers, and carriers of carriers: a few levels at most.
  for (bool grew = !out.empty(); grew;) {
    grew = false;
    auto q = sql.get(
        "SELECT DISTINCT a.carrier_id FROM attached_mails a JOIN mails c ON c.id = a.carrier_id"
        " WHERE c.purged_at IS NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.mail_id = c.id)");
    std::vector<std::int64_t> carriers;
    while (q->executeStep()) carriers.push_back(q->getColumn(0).getInt64());
    for (std::int64_t carrier : carriers) {
      if (out.contains(carrier)) continue;
      auto attached = sql.get(
          "SELECT a.mail_id, m.purged_at IS NOT NULL FROM attached_mails a JOIN mails m ON m.id = a.mail_id"
          " WHERE a.carrier_id = ?");
      attached->bind(1, carrier);
      bool all_gone = true;
      while (attached->executeStep()) {
        all_gone =
            all_gone && (attached->getColumn(1).getInt() != 0 || out.contains(attached->getColumn(0).getInt64()));
      }
      if (all_gone) grew = out.insert(carrier).second || grew;
    }
  }
  return {out.begin(), out.end()};
}

struct Plan {
  std::vector<std::int64_t> notices, mails;
  std::int64_t incidents = 0, events = 0;
  PurgeCounts counts() const {
    return {incidents, events, static_cast<std::int64_t>(notices.size()), static_cast<std::int64_t>(mails.size())};
  }
};

Plan plan(StatementCache& sql, UnixTime before) {
  Plan p;
  p.notices = doomed_notices(sql, before);
  p.mails = doomed_mails(sql, before);
  p.incidents = count(sql, std::string(k_doomed) + "SELECT count(*) FROM doomed", before);
  p.events = count(sql, std::string(k_doomed) + "SELECT count(*) FROM events WHERE incident_id IN doomed", before);
  return p;
}

void delete_notices(StatementCache& sql, const std::vector<std::int64_t>& notices) {
  for (std::int64_t id : notices) {
    for (const char* text : {"DELETE FROM outbox_incidents WHERE outbox_id = ?", "DELETE FROM outbox WHERE id = ?"}) {
      auto q = sql.get(text);
      q->bind(1, id);
      q->exec();
    }
  }
}

void purge_mails(StatementCache& sql, const std::vector<std::int64_t>& mails, UnixTime now) {
  for (std::int64_t id : mails) {
    auto q = sql.get("UPDATE mails SET raw = x'', purged_at = ? WHERE id = ?");
    q->bind(1, static_cast<std::int64_t>(now));
    q->bind(2, id);
    q->exec();
    // The rows a person typed in are addresses too.
    auto r = sql.get("UPDATE mail_reviews SET rows_csv = '' WHERE mail_id = ?");
    r->bind(1, id);
    r->exec();
  }
}

void exec_doomed(StatementCache& sql, const std::string& text, UnixTime before) {
  auto q = sql.get(std::string(k_doomed) + text);
  q->bind(1, static_cast<std::int64_t>(before));
  q->exec();
}

}  // namespace

PurgeCounts Store::purge_plan(UnixTime before) const {
  return guarded(path_, [&] { return plan(*statements_, before).counts(); });
}

PurgeCounts Store::purge(UnixTime before, UnixTime now) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    const Plan p = plan(*statements_, before);
    delete_notices(*statements_, p.notices);
    purge_mails(*statements_, p.mails, now);
    exec_doomed(*statements_, "DELETE FROM events WHERE incident_id IN doomed", before);
    // The desk's record of them: history, notes, and which notices told of them.
    for (const char* table : {"incident_history", "incident_notes", "outbox_incidents"}) {
      exec_doomed(*statements_, std::string("DELETE FROM ") + table + " WHERE incident_id IN doomed", before);
    }
    exec_doomed(*statements_,
                "INSERT INTO purged_incidents (service, customer, first_seen, resolved_at)"
                " SELECT service, customer, first_seen, resolved_at FROM incidents WHERE id IN doomed",
                before);
    exec_doomed(*statements_, "DELETE FROM incidents WHERE id IN doomed", before);
    const PurgeCounts counts = p.counts();
    auto q = statements_->get(
        "INSERT INTO purges (at, before, incidents, events, notices, mails) VALUES (?, ?, ?, ?, ?, ?)");
    q->bind(1, static_cast<std::int64_t>(now));
    q->bind(2, static_cast<std::int64_t>(before));
    q->bind(3, counts.incidents);
    q->bind(4, counts.events);
    q->bind(5, counts.notices);
    q->bind(6, counts.mails);
    q->exec();
    tx.commit();
    return counts;
  });
}

std::vector<PurgeRecord> Store::purges() const {
  return guarded(path_, [&] {
    auto q = statements_->get("SELECT at, before, incidents, events, notices, mails FROM purges ORDER BY id");
    std::vector<PurgeRecord> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getInt64(),
                     q->getColumn(1).getInt64(),
                     {q->getColumn(2).getInt64(), q->getColumn(3).getInt64(), q->getColumn(4).getInt64(),
                      q->getColumn(5).getInt64()}});
    }
    return out;
  });
}

}  // namespace certbund

// Sending a notice once: a run claims it (sending) in a committed
// transaction before it talks to the server, records what the server said
// for each address, and ends the claim. A claim whose run is gone leaves
// the notice in_doubt, for the desk.

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "outbox_rows.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

std::optional<OutboxItem> Store::claim_notice(std::int64_t id, const std::string& claimer, UnixTime now,
                                              bool ignore_backoff) {
  return guarded(path_, [&]() -> std::optional<OutboxItem> {
    Transaction tx(*this);
    auto q = statements_->get(
        "UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_at = ?"
        " WHERE id = ? AND status = 'queued' AND (? OR next_try <= ?)");
    q->bind(1, claimer);
    q->bind(2, static_cast<std::int64_t>(now));
    q->bind(3, id);
    q->bind(4, ignore_backoff ? 1 : 0);
    q->bind(5, static_cast<std::int64_t>(now));
    if (q->exec() != 1) return std::nullopt;  // another run was first, or it is not due
    auto r =
        statements_->get("UPDATE outbox_recipients SET status = 'sending' WHERE outbox_id = ? AND status = 'queued'");
    r->bind(1, id);
    r->exec();
    auto item = load_item(*statements_, id);
    tx.commit();
    return item;
  });
}

void Store::record_recipients(std::int64_t id, const std::vector<RecipientResult>& results, UnixTime now) {
  guarded(path_, [&] {
    Transaction tx(*this);
    for (const RecipientResult& result : results) {
      auto q = statements_->get(
          "UPDATE outbox_recipients SET status = ?1, attempts = attempts + 1, reply = ?2,"
          " done_at = CASE WHEN ?1 IN ('sent', 'failed') THEN ?3 END"
          " WHERE outbox_id = ?4 AND address = ?5 AND status = 'sending'");
      q->bind(1, std::string(to_string(result.status)));
      q->bind(2, result.reply);
      q->bind(3, static_cast<std::int64_t>(now));
      q->bind(4, id);
      q->bind(5, result.address);
      q->exec();
    }
    tx.commit();
  });
}

namespace {

// How many addresses of notice `id` are in each state.
struct Tally {
  int waiting = 0, sent = 0;
};

Tally tally(StatementCache& statements, std::int64_t id) {
  auto q = statements.get(
      "SELECT count(*) FILTER (WHERE status IN ('queued', 'sending')), count(*) FILTER (WHERE status = 'sent')"
      " FROM outbox_recipients WHERE outbox_id = ?");
  q->bind(1, id);
  q->executeStep();
  return {q->getColumn(0).getInt(), q->getColumn(1).getInt()};
}

}  // namespace

OutboxStatus Store::finish_attempt(std::int64_t id, const std::string& reply, UnixTime now, UnixTime next_try) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    {
      auto back =
          statements_->get("UPDATE outbox_recipients SET status = 'queued' WHERE outbox_id = ? AND status = 'sending'");
      back->bind(1, id);
      back->exec();
    }
    const Tally t = tally(*statements_, id);
    const OutboxStatus status =
        t.waiting > 0 ? OutboxStatus::queued : (t.sent > 0 ? OutboxStatus::sent : OutboxStatus::failed);
    auto q = statements_->get(
        "UPDATE outbox SET status = ?1, attempts = attempts + 1, last_reply = ?2,"
        " next_try = CASE WHEN ?1 = 'queued' THEN ?3 ELSE next_try END,"
        " sent_at = CASE WHEN ?1 = 'sent' THEN ?4 ELSE sent_at END,"
        " failed_at = CASE WHEN ?1 = 'failed' THEN ?4 ELSE failed_at END"
        " WHERE id = ?5 AND status = 'sending'");
    q->bind(1, std::string(to_string(status)));
    q->bind(2, reply);
    q->bind(3, static_cast<std::int64_t>(next_try));
    q->bind(4, static_cast<std::int64_t>(now));
    q->bind(5, id);
    q->exec();
    tx.commit();
    return status;
  });
}

std::vector<OutboxClaim> Store::claims() const {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "SELECT id, claimed_by, ifnull(claimed_at, 0) FROM outbox WHERE status = 'sending' ORDER BY id");
    std::vector<OutboxClaim> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getInt64()});
    }
    return out;
  });
}

bool Store::mark_in_doubt(std::int64_t id, const std::string& claimed_by) {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "UPDATE outbox SET status = 'in_doubt' WHERE id = ? AND status = 'sending' AND claimed_by = ?");
    q->bind(1, id);
    q->bind(2, claimed_by);
    return q->exec() == 1;
  });
}

std::vector<std::int64_t> Store::in_doubt_notices() const {
  return guarded(path_, [&] {
    auto q = statements_->get("SELECT id FROM outbox WHERE status = 'in_doubt' ORDER BY id");
    std::vector<std::int64_t> out;
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

bool Store::requeue_notice(std::int64_t id, UnixTime now) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    auto q = statements_->get(
        "UPDATE outbox SET status = 'queued', next_try = ?, attempts = 0"
        " WHERE id = ? AND status IN ('failed', 'in_doubt')");
    q->bind(1, static_cast<std::int64_t>(now));
    q->bind(2, id);
    if (q->exec() != 1) return false;
    auto r = statements_->get(
        "UPDATE outbox_recipients SET status = 'queued', done_at = NULL"
        " WHERE outbox_id = ? AND status IN ('sending', 'failed')");
    r->bind(1, id);
    r->exec();
    tx.commit();
    return true;
  });
}

}  // namespace certbund

// Reviews of mails whose report waited for a person.

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

std::optional<std::int64_t> Store::latest_report(std::int64_t mail_id) const {
  return guarded(path_, [&]() -> std::optional<std::int64_t> {
    auto q = statements_->get("SELECT max(id) FROM reports WHERE mail_id = ?");
    q->bind(1, mail_id);
    if (!q->executeStep() || q->getColumn(0).isNull()) return std::nullopt;
    return q->getColumn(0).getInt64();
  });
}

void Store::add_review(std::int64_t mail_id, const MailReview& review) {
  guarded(path_, [&] {
    auto q = statements_->get(
        "INSERT INTO mail_reviews (mail_id, at, author, action, note, report_id, rows_csv)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, mail_id);
    q->bind(2, static_cast<std::int64_t>(review.at));
    q->bind(3, review.by);
    q->bind(4, std::string(to_string(review.action)));
    q->bind(5, review.note);
    if (review.report_id) {
      q->bind(6, *review.report_id);
    } else {
      q->bind(6);
    }
    q->bind(7, review.rows_csv);
    q->exec();
  });
}

std::vector<MailReview> Store::reviews(std::int64_t mail_id) const {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "SELECT at, author, action, note, report_id, rows_csv FROM mail_reviews WHERE mail_id = ? ORDER BY at, id");
    q->bind(1, mail_id);
    std::vector<MailReview> out;
    while (q->executeStep()) {
      MailReview r;
      r.at = q->getColumn(0).getInt64();
      r.by = q->getColumn(1).getString();
      r.action = column_state(q->getColumn(2), review_action_from_string);
      r.note = q->getColumn(3).getString();
      if (!q->getColumn(4).isNull()) r.report_id = q->getColumn(4).getInt64();
      r.rows_csv = q->getColumn(5).getString();
      out.push_back(std::move(r));
    }
    return out;
  });
}

bool Store::dismiss_mail(std::int64_t mail_id) {
  return guarded(path_, [&] {
    auto q = statements_->get("UPDATE mails SET status = 'dismissed' WHERE id = ? AND status = 'needs_review'");
    q->bind(1, mail_id);
    return q->exec() > 0;
  });
}

}  // namespace certbund

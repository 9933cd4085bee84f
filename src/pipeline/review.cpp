// The review queue: a mail whose report could not be read with confidence
// waits for a person, who either gives the rows they read (which then go
// on as a parsed report's would) or dismisses it.

#include "certbund/pipeline.hpp"

namespace certbund {

MailInfo Pipeline::waiting_mail(std::int64_t mail_id) const {
  auto info = store_.mail(mail_id);
  if (!info) throw Failure(Exit::no_input, "mail " + std::to_string(mail_id) + ": no such mail");
  if (info->status != MailStatus::needs_review) {
    throw Failure(Exit::no_input, "mail " + std::to_string(mail_id) + " does not wait for review (it is " +
                                      std::string(to_string(info->status)) + ")");
  }
  return *info;
}

MailOutcome Pipeline::review(std::int64_t mail_id, const Report& rows, MailReview review) {
  if (!rows.problems.empty() || rows.rows.empty()) {
    std::string why;
    for (const std::string& p : rows.problems) why += (why.empty() ? "" : "; ") + p;
    throw Failure(Exit::data, why.empty() ? std::string("no rows") : why);
  }
  const MailInfo info = waiting_mail(mail_id);
  auto stored = store_.latest_report(mail_id);
  Report report = stored ? store_.report(*stored).value_or(Report{}) : Report{};
  report.columns = rows.columns;
  report.rows = rows.rows;
  report.problems.clear();
  report.status = ReportStatus::parsed;

  MailOutcome outcome;
  outcome.mail_id = mail_id;
  outcome.verdict = info.verdict.value_or(Verdict::unsigned_);
  outcome.status = MailStatus::parsed;
  outcome.ticket = report.ticket;
  outcome.service = report.service;
  outcome.rows = report.rows.size();
  Store::Transaction tx(store_);
  const std::int64_t report_id = store_.add_report(mail_id, report);
  record_and_notify(report_id, report, review.at, outcome);
  review.action = ReviewAction::rows;
  review.report_id = report_id;
  store_.add_review(mail_id, review);
  tx.commit();
  return outcome;
}

void Pipeline::dismiss(std::int64_t mail_id, MailReview review) {
  waiting_mail(mail_id);
  Store::Transaction tx(store_);
  if (!store_.dismiss_mail(mail_id))
    throw Failure(Exit::no_input, "mail " + std::to_string(mail_id) + " does not wait for review");
  review.action = ReviewAction::dismissed;
  review.report_id.reset();
  store_.add_review(mail_id, review);
  tx.commit();
}

}  // namespace certbund

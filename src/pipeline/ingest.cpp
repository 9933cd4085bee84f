#include <map>

#include "certbund/pipeline.hpp"
#include "certbund/report.hpp"

// Design: a mail is committed as "pending" before anything can go wrong
// with it, so a crash or a kill loses nothing; the second transaction
// records the verdict, the report, its events and the notices together, so
// a rerun either sees all of it or finishes the pending mail from the start.

namespace certbund {

Pipeline::Pipeline(const Config& config, Store& store)
    : config_(config), store_(store), verifier_(config.trust, config.limits.mime_depth) {}

Pipeline::~Pipeline() = default;

MailOutcome Pipeline::ingest(const std::string& raw, const std::string& origin, UnixTime now) {
  std::string sha = sha256_hex(raw);
  if (auto existing = store_.find_mail(sha)) {
    auto info = store_.mail(*existing);
    if (info && info->status != "pending") {
      MailOutcome outcome;
      outcome.mail_id = *existing;
      outcome.duplicate = true;
      outcome.verdict = verdict_from_string(info->verdict).value_or(Verdict::unsigned_);
      outcome.status = info->status;
      outcome.ticket = info->ticket;
      outcome.service = info->service;
      return outcome;
    }
    return process(*existing, raw, info ? info->subject : parse_headers(raw).subject, now);
  }
  // Only the top header block is read before the mail is stored: the MIME
  // tree, however it is built, is parsed once the raw bytes are safe.
  Message headers = parse_headers(raw);
  std::int64_t id = 0;
  {
    Store::Transaction tx(store_);
    id = store_.add_mail(NewMail{raw, origin, headers.subject, headers.from, headers.message_id}, now);
    tx.commit();
  }
  return process(id, raw, headers.subject, now);
}

MailOutcome Pipeline::reparse(std::int64_t mail_id, UnixTime now) {
  auto info = store_.mail(mail_id);
  auto raw = store_.mail_raw(mail_id);
  if (!info || !raw) throw Failure(Exit::no_input, "mail " + std::to_string(mail_id) + ": no such mail");
  return process(mail_id, *raw, info->subject, now);
}

std::size_t Pipeline::recover_pending(UnixTime now, const std::function<void(const std::string&)>& log) {
  std::size_t count = 0;
  for (std::int64_t id : store_.pending_mails()) {
    auto raw = store_.mail_raw(id);
    auto info = store_.mail(id);
    if (!raw || !info) continue;
    MailOutcome outcome = process(id, *raw, info->subject, now);
    log(describe("pending mail " + std::to_string(id), outcome));
    ++count;
  }
  return count;
}

// The subject is outside what a PGP/MIME signature covers: it names the
// ticket and the topic, but rows come only from the signed content.
MailOutcome Pipeline::process(std::int64_t mail_id, const std::string& raw,
                              const std::string& subject, UnixTime now) {
  Verification v = verifier_.verify(raw);
  MailOutcome outcome;
  outcome.mail_id = mail_id;
  outcome.verdict = v.verdict;
  outcome.detail = v.detail;
  Store::Transaction tx(store_);
  store_.set_verification(mail_id, v);
  if (v.verdict != Verdict::verified) {
    tx.commit();
    outcome.status = "rejected";
    return outcome;
  }
  Report report = parse_report(subject, v.content);
  auto mail = store_.mail(mail_id);
  hold_unbelievable(report, {mail ? mail->received : now, config_.limits.clock_skew});
  std::int64_t report_id = store_.add_report(mail_id, report);
  outcome.status = std::string(to_string(report.status));
  outcome.ticket = report.ticket;
  outcome.service = report.service;
  outcome.rows = report.rows.size();
  outcome.problems = report.problems;
  // Data not read with confidence waits for a person (or a reparse after
  // an upgrade): recording it as events now would also make its later,
  // correct reading a duplicate that is never notified.
  if (report.status == ReportStatus::needs_review) {
    tx.commit();
    return outcome;
  }
  auto events = store_.record_events(report_id, report, config_.remind_after_days, now);
  outcome.notices = queue_notices(report_id, report, events, now);
  tx.commit();
  for (const EventOutcome& e : events) {
    if (!e.duplicate) ++outcome.new_events;
    if (!e.customer) ++outcome.unassigned;
  }
  return outcome;
}

std::size_t Pipeline::queue_notices(std::int64_t report_id, const Report& report,
                                    const std::vector<EventOutcome>& outcomes, UnixTime now) {
  std::map<std::string, std::vector<Row>> rows_by_customer;
  for (const EventOutcome& e : outcomes) {
    if (e.notify && e.customer) rows_by_customer[*e.customer].push_back(report.rows.at(e.row));
  }
  if (rows_by_customer.empty()) return 0;
  if (!renderer_) renderer_ = std::make_unique<NoticeRenderer>(config_.notices);
  std::size_t queued = 0;
  for (const auto& [customer_id, rows] : rows_by_customer) {
    auto customer = store_.customer(customer_id);
    if (!customer) continue;  // cannot happen inside the transaction that found it
    Notice notice = renderer_->render(report, *customer, rows, now);
    store_.enqueue(notice, customer_id, report_id, now);
    ++queued;
  }
  return queued;
}

namespace {

std::string describe_raw(const std::string& origin, const MailOutcome& o) {
  std::string line = origin + ": mail " + std::to_string(o.mail_id);
  if (o.duplicate) return line + " already stored (" + o.status + "), nothing changed";
  line += " " + std::string(to_string(o.verdict));
  if (o.verdict != Verdict::verified) {
    return line + ": kept, not processed" + (o.detail.empty() ? "" : " (" + o.detail + ")");
  }
  line += " " + (o.ticket.empty() ? std::string("(no ticket)") : o.ticket) + " " + o.service + ": ";
  if (o.status == "needs_review") {
    std::string why;
    for (const std::string& p : o.problems) why += (why.empty() ? "" : "; ") + p;
    return line + "NEEDS REVIEW, kept without events or notices (" + why + ")";
  }
  return line + std::to_string(o.rows) + " rows, " + std::to_string(o.new_events) + " new events, " +
         std::to_string(o.unassigned) + " unassigned, " + std::to_string(o.notices) + " notices queued";
}

}  // namespace

// Ticket, service, problems and the verifier's detail quote the mail.
std::string describe(const std::string& origin, const MailOutcome& o) {
  return escape_controls(describe_raw(origin, o));
}

}  // namespace certbund

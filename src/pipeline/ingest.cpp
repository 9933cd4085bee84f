#include <algorithm>
#include <deque>
#include <memory>
#include <span>
#include <thread>

#include "certbund/pipeline.hpp"
#include "certbund/report.hpp"
#include "recorded_events.hpp"
#include "render_notices.hpp"
#include "verify_pool.hpp"

// Design: a mail is committed as "pending" before anything can go wrong
// with it, so a crash or a kill loses nothing; the second transaction
// records the verdict, the report, its events and the notices together, so
// a rerun either sees all of it or finishes the pending mail from the start.

namespace certbund {

namespace {

// A forward of a forward of a forward is as deep as real mail goes.
constexpr int k_max_attached_depth = 3;

// Messages read and verified ahead of the one being stored: enough to keep
// every verifier busy while the writer waits for its disk (each stored
// mail's fsync) or stores a mail with many rows, and few enough bytes to
// keep memory flat.
const std::size_t k_read_ahead = 8 * VerifyPool::default_workers() + 2;
constexpr std::size_t k_read_ahead_bytes = 16 << 20;

// Notices rendered at once (render_notices): enough to keep every core
// busy, few enough rows and bytes to keep memory flat.
constexpr std::size_t k_render_chunk = 64;
constexpr std::size_t k_render_chunk_rows = 50'000;

// What a mail that was processed before is: its stored verdict and report.
MailOutcome known_outcome(std::int64_t id, const MailInfo& info) {
  MailOutcome outcome;
  outcome.mail_id = id;
  outcome.duplicate = true;
  outcome.verdict = info.verdict.value_or(Verdict::unsigned_);
  outcome.status = info.status;
  outcome.ticket = info.ticket;
  outcome.service = info.service;
  return outcome;
}

// A report longer than limits.max_rows is kept whole and held for review:
// no events, no notices.
void hold_too_long(Report& report, std::int64_t max_rows) {
  if (static_cast<std::int64_t>(report.rows.size()) <= max_rows) return;
  report.status = ReportStatus::needs_review;
  report.problems.push_back(std::to_string(report.rows.size()) + " rows, more than limits.max_rows (" +
                            std::to_string(max_rows) + "): held for review");
}

}  // namespace

Pipeline::Pipeline(const Config& config, Store& store) : config_(config), store_(store), verifier_(new_verifier()) {}

std::unique_ptr<Verifier> Pipeline::new_verifier() const {
  return std::make_unique<Verifier>(config_.trust, config_.limits.mime());
}

Pipeline::~Pipeline() = default;

std::string Pipeline::unreadable(std::string_view raw) const {
  return unreadable_reason(raw, static_cast<std::size_t>(config_.limits.max_mail_bytes),
                           static_cast<std::size_t>(config_.limits.max_header_bytes));
}

MailOutcome Pipeline::ingest(const std::string& raw, const std::string& origin, UnixTime now) {
  return ingest(raw, origin, now, sha256_hex(raw), std::nullopt);
}

MailOutcome Pipeline::ingest(const std::string& raw, const std::string& origin, UnixTime now, const std::string& sha,
                             std::optional<Verification> verified) {
  if (auto existing = store_.find_mail(sha)) {
    auto info = store_.mail(*existing);
    if (info && info->status != MailStatus::pending) return known_outcome(*existing, *info);
  }
  return finish(store_raw(raw, origin, now, sha), raw, now, std::move(verified));
}

std::int64_t Pipeline::store_raw(const std::string& raw, const std::string& origin, UnixTime now,
                                 const std::string& sha) {
  // Durable before done: this commit is on disk (the WAL fsync'ed) before
  // the source hears the mail is processed (Maildir rename, IMAP \Seen,
  // `ingest -` exiting 0), so a power cut cannot lose a mail the source
  // has let go of. Only the top header block is read before it.
  Store::Transaction tx(store_, Store::Durability::full);
  Message headers = parse_headers(raw, static_cast<std::size_t>(config_.limits.max_header_bytes));
  std::int64_t id = store_.add_mail(NewMail{raw, origin, headers.subject, headers.from, headers.message_id, sha}, now);
  tx.commit();
  return id;
}

MailOutcome Pipeline::finish(std::int64_t id, std::string raw, UnixTime now, std::optional<Verification> verified) {
  auto info = store_.mail(id);
  if (!info) throw Failure(Exit::temp_fail, "mail " + std::to_string(id) + ": stored but not found");
  {
    Store::Transaction tx(store_);
    store_attached(id, raw, info->origin, now, 0);
    tx.commit();
  }
  Verification v = verification(raw, std::move(verified));
  std::string().swap(raw);  // a report of a million rows is 60 MB of mail
  MailOutcome outcome = process(id, std::move(v), info->subject, now);
  outcome.attached = process_attached(id, now, 0);
  return outcome;
}

bool Pipeline::known(const std::string& sha) const {
  auto existing = store_.find_mail(sha);
  if (!existing) return false;
  auto info = store_.mail(*existing);
  return info && info->status != MailStatus::pending;
}

MailOutcome Pipeline::reparse(std::int64_t mail_id, UnixTime now) {
  auto info = store_.mail(mail_id);
  auto raw = store_.mail_raw(mail_id);
  if (info && info->purged_at) throw Failure(Exit::no_input, purged(mail_id, *info->purged_at));
  if (!info || !raw) throw Failure(Exit::no_input, "mail " + std::to_string(mail_id) + ": no such mail");
  return reparse(mail_id, now, *info, *raw, std::nullopt);
}

MailOutcome Pipeline::reparse(std::int64_t mail_id, UnixTime now, const MailInfo& info, const std::string& raw,
                              std::optional<Verification> verified) {
  {
    Store::Transaction tx(store_);
    store_attached(mail_id, raw, info.origin, now, 0);  // finds what a former version did not store
    tx.commit();
  }
  // A mail a person reviewed keeps their reading.
  MailOutcome outcome = store_.reviews(mail_id).empty()
                            ? process(mail_id, verification(raw, std::move(verified)), info.subject, now, false)
                            : known_outcome(mail_id, info);
  outcome.attached = process_attached(mail_id, now, 0);
  return outcome;
}

void Pipeline::reparse_all(
    const std::vector<std::int64_t>& ids, UnixTime now,
    const std::function<void(std::int64_t id, const MailInfo& before, const MailOutcome&)>& done) {
  struct Ahead {
    std::int64_t id;
    std::shared_ptr<const std::string> raw;  // null: no such mail
    std::size_t ticket = 0;
  };
  VerifyPool pool([this] { return new_verifier(); }, VerifyPool::default_workers());
  std::deque<Ahead> ahead;
  std::size_t next = 0, bytes = 0;
  while (next < ids.size() || !ahead.empty()) {
    while (next < ids.size() && ahead.size() < k_read_ahead && (ahead.empty() || bytes < k_read_ahead_bytes)) {
      Ahead a{ids[next++], nullptr};
      if (auto raw = store_.mail_raw(a.id)) {
        a.raw = std::make_shared<const std::string>(std::move(*raw));
        a.ticket = pool.submit(a.raw);
        bytes += a.raw->size();
      }
      ahead.push_back(std::move(a));
    }
    Ahead a = std::move(ahead.front());
    ahead.pop_front();
    auto info = store_.mail(a.id);
    if (!a.raw || !info) throw Failure(Exit::no_input, "mail " + std::to_string(a.id) + ": no such mail");
    bytes -= a.raw->size();
    MailOutcome outcome = reparse(a.id, now, *info, *a.raw, pool.take(a.ticket));
    done(a.id, *info, outcome);
  }
}

// The attached mail is stored as it came, less the envelope line a saved
// mail may start with, like any mail a source yields.
void Pipeline::store_attached(std::int64_t id, const std::string& raw, const std::string& origin, UnixTime now,
                              int depth) {
  if (depth >= k_max_attached_depth || !unreadable(raw).empty()) return;
  std::vector<std::string> attached = attached_mails(raw);
  for (std::size_t i = 0; i < attached.size(); ++i) {
    int position = static_cast<int>(i) + 1;
    std::string where = origin + ", attached mail " + std::to_string(position);
    std::string inner = without_envelope_lines(std::move(attached[i]));
    Message headers = parse_headers(inner, static_cast<std::size_t>(config_.limits.max_header_bytes));
    std::int64_t attached_id =
        store_.add_mail(NewMail{inner, where, headers.subject, headers.from, headers.message_id}, now);
    store_.link_attached(id, attached_id, position);
    store_attached(attached_id, inner, where, now, depth + 1);
  }
}

std::vector<MailOutcome> Pipeline::process_attached(std::int64_t carrier_id, UnixTime now, int depth) {
  std::vector<MailOutcome> out;
  if (depth >= k_max_attached_depth) return out;
  for (std::int64_t id : store_.attached_to(carrier_id)) {
    auto info = store_.mail(id);
    auto raw = store_.mail_raw(id);
    if (!info || !raw) continue;
    if (info->status != MailStatus::pending) {
      out.push_back(known_outcome(id, *info));
      continue;
    }
    MailOutcome outcome = process(id, verification(*raw, std::nullopt), info->subject, now);
    outcome.attached = process_attached(id, now, depth + 1);
    out.push_back(std::move(outcome));
  }
  return out;
}

// Design: this thread reads the source, stores and marks; VerifyPool's
// verifier processes verify up to k_read_ahead messages ahead of it (gpg
// then runs on every core). Each message is stored (durably, before it is
// verified), processed and committed in source order, before it is marked;
// an mbox's messages are processed and committed a group at a time.
IngestTotals Pipeline::ingest_all(Source& source, IngestObserver& observer) {
  // Its pending mails are this run's own business: recover_pending in
  // another process leaves them alone while this lock is held.
  auto working = FileLock::wait_for(ingest_lock_path(), FileLock::Mode::shared);
  if (!working) throw Failure(working.error());
  struct Ahead {
    std::shared_ptr<RawMessage> message;
    std::string sha;
    std::optional<std::int64_t> id;     // stored now; none: stored and processed before
    std::optional<std::size_t> ticket;  // none: nothing to verify
  };
  IngestTotals totals;
  VerifyPool pool([this] { return new_verifier(); }, VerifyPool::default_workers());
  std::deque<Ahead> ahead;
  std::size_t bytes = 0;
  bool end = false;
  std::optional<Error> read_error;
  // A source that lets each message go (Maildir, IMAP) gets a synced
  // commit per message, before it is let go; one that is only read (an
  // mbox) is read ahead by half a window at a time, those mails stored in
  // one synced commit (one fsync instead of one per mail).
  const bool each_synced = source.lets_go();
  while (!observer.stop_requested()) {
    const std::size_t refill_below = each_synced ? k_read_ahead : k_read_ahead / 2 + 1;
    if (ahead.size() < refill_below) {
      std::optional<Store::Transaction> batch;
      if (!each_synced) batch.emplace(store_, Store::Durability::full);
      const std::size_t fresh = ahead.size();
      while (!end && !read_error && ahead.size() < k_read_ahead && (ahead.empty() || bytes < k_read_ahead_bytes)) {
        auto next = source.next();
        if (!next) {
          read_error = next.error();  // after the messages read before it
        } else if (!*next) {
          end = true;
        } else {
          Ahead a{std::make_shared<RawMessage>(std::move(**next)), "", std::nullopt, std::nullopt};
          a.sha = sha256_hex(a.message->bytes);
          // Stored (in `batch`: committed with it) before a worker parses
          // its MIME tree: a crash there loses nothing.
          if (!known(a.sha)) a.id = store_raw(a.message->bytes, a.message->origin, observer.now(), a.sha);
          bytes += a.message->bytes.size();
          ahead.push_back(std::move(a));
        }
      }
      if (batch) batch->commit();
      // A mail beyond the limits is not verified: process() says why.
      for (std::size_t i = fresh; i < ahead.size(); ++i) {
        Ahead& a = ahead[i];
        if (a.id && unreadable(a.message->bytes).empty())
          a.ticket = pool.submit(std::shared_ptr<const std::string>(a.message, &a.message->bytes));
      }
    }
    if (ahead.empty()) break;
    // The mails of a source that lets none go are processed a group at a
    // time (those read by the refill above) in one transaction, each
    // mail's own a savepoint in it: one commit writes each page they
    // share once. The source and the observer hear of them after it.
    std::optional<Store::Transaction> group;
    if (!each_synced) group.emplace(store_);
    std::vector<std::pair<std::shared_ptr<RawMessage>, MailOutcome>> done;
    do {
      Ahead a = std::move(ahead.front());
      ahead.pop_front();
      bytes -= a.message->bytes.size();
      std::optional<Verification> verified;
      if (a.ticket) verified = pool.take(*a.ticket);
      // The message's bytes go to finish, which drops them once verified:
      // the sources and the observer need only its origin.
      MailOutcome outcome = a.id ? finish(*a.id, std::move(a.message->bytes), observer.now(), std::move(verified))
                                 : ingest(a.message->bytes, a.message->origin, observer.now(), a.sha, std::nullopt);
      done.emplace_back(std::move(a.message), std::move(outcome));
    } while (group && !ahead.empty() && (ahead.size() >= refill_below || end || read_error) &&
             !observer.stop_requested());
    if (group) group->commit();
    for (const auto& [message, outcome] : done) {
      source.processed(*message);
      totals.add(outcome);
      observer.on_mail(*message, outcome);
    }
  }
  if (read_error && ahead.empty()) throw Failure(*read_error);
  return totals;
}

std::string Pipeline::ingest_lock_path() const { return config_.database_path.string() + ".ingest-lock"; }

std::size_t Pipeline::recover_pending(UnixTime now, const std::function<void(const std::string&)>& log) {
  std::vector<std::int64_t> pending = store_.pending_mails();
  if (pending.empty()) return 0;
  // A mail stored and not yet processed by a live ingest (it verifies it
  // meanwhile) is not left over: only a run alone finishes pending mails.
  auto alone = FileLock::try_lock(ingest_lock_path(), FileLock::Mode::exclusive);
  if (!alone) throw Failure(alone.error());
  if (!*alone) {
    log(std::to_string(pending.size()) + " pending mails left for a run while no other ingest runs");
    return 0;
  }
  pending = store_.pending_mails();  // what the others finished meanwhile is not pending
  std::size_t count = 0;
  for (std::int64_t id : pending) {
    auto raw = store_.mail_raw(id);
    auto info = store_.mail(id);
    if (!raw || !info) continue;
    MailOutcome outcome = finish(id, std::move(*raw), now, std::nullopt);
    log(describe("pending mail " + std::to_string(id), outcome));
    ++count;
  }
  return count;
}

// The subject is outside what a PGP/MIME signature covers: it names the
// ticket and the topic, but rows come only from the signed content.
Verification Pipeline::verification(const std::string& raw, std::optional<Verification> verified) {
  if (std::string why = unreadable(raw); !why.empty()) {
    return Verification{Verdict::unsigned_, SignatureKind::none, "", why, "", {}};
  }
  return verified ? std::move(*verified) : verifier_->verify(raw);
}

MailOutcome Pipeline::process(std::int64_t mail_id, Verification v, const std::string& subject, UnixTime now,
                              bool only_pending) {
  MailOutcome outcome;
  outcome.mail_id = mail_id;
  outcome.verdict = v.verdict;
  outcome.detail = v.detail;
  Store::Transaction tx(store_);
  if (only_pending) {
    auto now_stored = store_.mail(mail_id);
    if (now_stored && now_stored->status != MailStatus::pending) return known_outcome(mail_id, *now_stored);
  }
  store_.set_verification(mail_id, MailVerdict{v.verdict, v.kind, v.signer, v.detail, v.signed_id});
  if (v.verdict != Verdict::verified) {
    tx.commit();
    outcome.status = MailStatus::rejected;
    return outcome;
  }
  // The signed report is what counts, not the headers around it: the same
  // signed report again (another Subject, other line endings) makes nothing.
  if (auto original = store_.signed_original(v.signed_id, mail_id)) {
    store_.mark_duplicate(mail_id, *original);
    tx.commit();
    auto info = store_.mail(mail_id);
    outcome.duplicate = true;
    outcome.duplicate_of = original;
    outcome.status = MailStatus::duplicate;
    if (info) {
      outcome.ticket = info->ticket;
      outcome.service = info->service;
    }
    return outcome;
  }
  Report report = parse_report(subject, v.content);
  v.content = Message{};  // the report holds what counts: the signed text of a large report goes now
  auto mail = store_.mail(mail_id);
  hold_unbelievable(report, {mail ? mail->received : now, config_.limits.clock_skew});
  hold_too_long(report, config_.limits.max_rows);
  std::int64_t report_id = store_.insert_report(mail_id, report);
  outcome.status = mail_status_of(report.status);
  outcome.ticket = report.ticket;
  outcome.service = report.service;
  outcome.rows = report.rows.size();
  outcome.problems = report.problems;
  outcome.notes = report.notes;
  outcome.held = report.held.size();
  // A report not read with confidence waits for a person (or a reparse
  // after an upgrade): recording it as events now would also make its
  // later, correct reading a duplicate that is never notified. Rows held
  // one by one wait alone: the rows read go on, and the mail waits for
  // review with the held ones (never recorded, they cannot become
  // duplicates of the person's reading later).
  if (report.status == ReportStatus::needs_review && !only_rows_held(report)) {
    report = Report{};  // its rows go before the mail's row (raw bytes and all) is rewritten
    store_.set_mail_status(mail_id, outcome.status);
    tx.commit();
    return outcome;
  }
  record_and_notify(report_id, report, now, outcome);
  report = Report{};
  store_.set_mail_status(mail_id, outcome.status);
  tx.commit();
  return outcome;
}

// Notices are rendered a chunk at a time on every core (render_notices),
// each chunk's rows copied out of the report for it alone, so that a
// million-row report is not held twice; this thread alone queues them, in
// customer id order.
void Pipeline::record_and_notify(std::int64_t report_id, const Report& report, UnixTime now, MailOutcome& outcome) {
  RecordedEvents recorded(report.rows.size());
  store_.record_events(report_id, report, config_.remind_after_days, now,
                       [&](const EventOutcome& e) { recorded.add(e); });
  outcome.new_events += recorded.new_events();
  outcome.unassigned += recorded.unassigned();
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<NoticeJob> chunk;
  std::size_t chunk_rows = 0;
  auto queue_chunk = [&] {
    if (chunk.empty()) return;  // the renderer is made for the first notice (a broken config fails only then)
    render_notices(renderer(), report, now, chunk, threads);
    for (NoticeJob& job : chunk) {
      const Notice& n = *job.notice;
      store_.enqueue(NewNotice{n.message_id, n.subject, n.from, n.to, n.bytes}, job.customer.id, report_id, now,
                     job.incidents);
      ++outcome.notices;
    }
    chunk.clear();
    chunk_rows = 0;
  };
  recorded.for_each_customer([&](const std::string& customer_id, std::span<const RecordedEvents::Notified> notified) {
    // A customer is always known inside the transaction that found it.
    auto customer = store_.customer(customer_id);
    if (!customer) return;
    chunk.push_back(NoticeJob{std::move(*customer), notified, {}, std::nullopt});
    chunk_rows += notified.size();
    if (chunk.size() >= k_render_chunk || chunk_rows >= k_render_chunk_rows) queue_chunk();
  });
  queue_chunk();
}

bool Pipeline::queue_notice(std::int64_t report_id, const Report& report, const std::string& customer_id,
                            const std::vector<Row>& rows, UnixTime now, const std::vector<std::int64_t>& incidents) {
  auto customer = store_.customer(customer_id);
  if (!customer) return false;
  Notice notice = renderer().render(report, *customer, rows, now);
  store_.enqueue(NewNotice{notice.message_id, notice.subject, notice.from, notice.to, notice.bytes}, customer_id,
                 report_id, now, incidents);
  return true;
}

const NoticeRenderer& Pipeline::renderer() {
  if (!renderer_) renderer_ = std::make_unique<NoticeRenderer>(config_.notices);
  return *renderer_;
}

bool needs_attention(const MailOutcome& o) {
  for (const MailOutcome& a : o.attached) {
    if (needs_attention(a)) return true;
  }
  if (o.duplicate) return false;
  if (o.verdict != Verdict::verified) return o.attached.empty();
  return o.status == MailStatus::needs_review;
}

// Every mail counts, the attached ones too.
void IngestTotals::add(const MailOutcome& o) {
  ++mails;
  if (o.duplicate) ++duplicates;
  else if (o.verdict != Verdict::verified) ++rejected;
  else ++verified;
  if (!o.duplicate && o.status == MailStatus::needs_review) ++review;
  notices += o.notices;
  for (const MailOutcome& a : o.attached) add(a);
}

IngestTotals& IngestTotals::operator+=(const IngestTotals& o) {
  mails += o.mails;
  duplicates += o.duplicates;
  verified += o.verified;
  rejected += o.rejected;
  review += o.review;
  notices += o.notices;
  return *this;
}

std::string IngestTotals::summary() const {
  return counted(mails, "mail", "mails") + ": " + std::to_string(verified) + " verified, " + std::to_string(rejected) +
         " not verified (kept), " + counted(review, "needs review", "need review") + ", " + std::to_string(duplicates) +
         " already stored; " + counted(notices, "notice queued", "notices queued");
}

namespace {

// "mail 12 verified CB-Report#... redis: 2 rows, ..."
std::string describe_one(const MailOutcome& o) {
  std::string line = "mail " + std::to_string(o.mail_id);
  if (o.duplicate_of) {
    return line + " " + std::string(to_string(o.verdict)) + ": the signed report of mail " +
           std::to_string(*o.duplicate_of) + " again, kept as a duplicate, nothing made of it";
  }
  if (o.duplicate) return line + " already stored (" + std::string(to_string(o.status)) + "), nothing changed";
  line += " " + std::string(to_string(o.verdict));
  if (o.verdict != Verdict::verified) {
    return line + ": kept, not processed" + (o.detail.empty() ? "" : " (" + o.detail + ")");
  }
  line += " " + (o.ticket.empty() ? std::string("(no ticket)") : o.ticket) + " " + o.service + ": ";
  std::string why;
  for (const std::string& p : o.problems) why += (why.empty() ? "" : "; ") + p;
  if (o.status == MailStatus::needs_review && (o.held == 0 || o.rows == 0)) {
    return line + "NEEDS REVIEW, kept without events or notices (" + why + ")";
  }
  line += counted(o.rows, "row", "rows") + ", " + counted(o.new_events, "new event", "new events") + ", " +
          std::to_string(o.unassigned) + " unassigned, " + counted(o.notices, "notice queued", "notices queued");
  if (o.held > 0) line += "; NEEDS REVIEW: " + counted(o.held, "row held", "rows held") + " (" + why + ")";
  for (const std::string& note : o.notes) line += "; note: " + note;
  return line;
}

void append_attached(std::string& line, const MailOutcome& o) {
  for (const MailOutcome& a : o.attached) {
    line += "; attached " + describe_one(a);
    append_attached(line, a);
  }
}

}  // namespace

// Ticket, service, problems and the verifier's detail quote the mail.
std::string describe(const std::string& origin, const MailOutcome& o) {
  std::string line = origin + ": " + describe_one(o);
  append_attached(line, o);
  return escape_controls(line);
}

}  // namespace certbund

namespace certbund {

std::string purged(std::int64_t mail_id, UnixTime purged_at) {
  return "mail " + std::to_string(mail_id) + ": its raw bytes were purged on " + format_iso8601(purged_at) +
         " (retention)";
}

}  // namespace certbund

#pragma once
// pipeline: wires the stages for one mail (source -> message -> signature
// -> report -> store -> owners -> notices -> outbox) and delivers the
// outbox over SMTP. Counts and logs what happened to every mail.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "certbund/config.hpp"
#include "certbund/notices.hpp"
#include "certbund/signature.hpp"
#include "certbund/smtp.hpp"
#include "certbund/source.hpp"
#include "certbund/store.hpp"

namespace certbund {

struct MailOutcome {
  std::int64_t mail_id = 0;
  bool duplicate = false;  // the same bytes, or the same signed report, were stored and processed before
  // The mail whose signed report this new mail repeats (under other
  // headers or line endings): kept, no report, no events, no notices.
  std::optional<std::int64_t> duplicate_of;
  Verdict verdict = Verdict::unsigned_;
  MailStatus status = MailStatus::pending;  // the mail's status after processing
  std::string ticket, service;
  std::size_t rows = 0, new_events = 0, unassigned = 0, notices = 0;
  std::string detail;                 // the verifier's reason when not verified
  std::vector<std::string> problems;  // why the report needs review
  std::vector<std::string> notes;     // Report::notes: what holds nothing back
  std::size_t held = 0;               // rows held for review while the others went on
  // The mails this one carried attached (reports forwarded as
  // message/rfc822), each stored, verified and parsed as a mail of its own.
  std::vector<MailOutcome> attached;
};

// "mail 12: its raw bytes were purged on DATE (retention)": why a stored
// mail cannot be shown or parsed again.
std::string purged(std::int64_t mail_id, UnixTime purged_at);

// One line for the log: "ORIGIN: mail 12 verified CB-Report#... redis: ...",
// then "; attached mail 13 ..." for each mail it carried, with control
// characters and bidi overrides escaped (escape_controls).
std::string describe(const std::string& origin, const MailOutcome& outcome);

// True for a newly stored mail a person should look at: not verified, or
// its report needs review; or a mail it carried needs it. A carrier that is
// not verified itself but carries mails is no reason on its own: only what
// it carries can become a report.
bool needs_attention(const MailOutcome& outcome);

// What a run of Pipeline::ingest_all counted.
struct IngestTotals {
  std::size_t mails = 0, duplicates = 0, verified = 0, rejected = 0, review = 0, notices = 0;
  void add(const MailOutcome& outcome);
  IngestTotals& operator+=(const IngestTotals& other);
  // "3 mails: 1 verified, 1 not verified (kept), 0 need review, 1 already
  // stored; 2 notices queued"
  std::string summary() const;
};

// The caller's side of Pipeline::ingest_all: the clock, the stop flag and
// what to do with each finished mail (log it).
class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  // The time the next mail counts as received at (UTC).
  virtual UnixTime now() = 0;
  // Asked before each message: true ends the run there, never inside a mail.
  virtual bool stop_requested() { return false; }
  // Called once `message` is stored, processed and marked processed; its
  // bytes are gone by then (see Source::processed).
  virtual void on_mail(const RawMessage& message, const MailOutcome& outcome) {
    (void)message;
    (void)outcome;
  }
};

// What Pipeline::import_customers did.
struct CustomerImport {
  HoldingChanges changes;
  std::size_t attributed_events = 0, attributed_incidents = 0;  // unassigned before, owned now
  std::size_t notices = 0;                                      // queued for them
};

// What Pipeline::resolve did.
struct ResolveOutcome {
  std::vector<std::int64_t> resolved;    // incidents resolved now
  std::vector<std::int64_t> not_open;    // no such incident, or not open
  std::vector<std::int64_t> cancelled;   // queued notices of resolved incidents only
  std::vector<std::int64_t> rerendered;  // queued notices made again without them
};

class Pipeline {
 public:
  Pipeline(const Config& config, Store& store);
  ~Pipeline();

  // Stores `raw` first, before any MIME parsing, in its own durable
  // transaction (synchronous=FULL: nothing is lost, not even in a power
  // cut, nor by a crash in a parser); then every mail attached to it (see
  // attached_mails: each a mail of its own, linked to its carrier); then
  // verifies, parses and records it with its notices in one transaction,
  // and then each attached mail the same way.
  // Only a mail's own signed content gives rows: never a carrier's text.
  // The same bytes again change nothing.
  MailOutcome ingest(const std::string& raw, const std::string& origin, UnixTime now);
  // Verifies and parses stored mail `mail_id` again (after an upgrade, or
  // once a signer's key is in the keyring): its new report is the one that
  // counts, new rows become events and notices, duplicates stay duplicates.
  // Mails attached to it that were not stored yet are stored and processed.
  // A mail a person reviewed keeps their reading and changes nothing.
  // Throws Failure(Exit::no_input) for an unknown id, or a mail whose
  // bytes a purge deleted.
  MailOutcome reparse(std::int64_t mail_id, UnixTime now);
  // Replaces the customer list (Store::replace_customers, with its
  // history), gives open unassigned incidents the owner their addresses had
  // when scanned (Store::attribute_unassigned), and queues one notice per
  // report and new owner for what was scanned within remind_after_days
  // before `now`; all in one transaction. Throws what they throw.
  CustomerImport import_customers(const std::vector<Customer>& customers, UnixTime now,
                                  std::optional<UnixTime> valid_from = std::nullopt);
  // What poll does with a mailbox file or folder: ingest_all over what is
  // new in it (open_new_mail, with the mark the store keeps for an mbox),
  // then the store keeps the mbox's new mark, once everything before it is
  // committed. Throws as ingest_all, and Failure for a path that cannot be
  // opened.
  IngestTotals poll_path(const std::filesystem::path& path, IngestObserver& observer);
  // reparse() for each of `ids` in order, the mails verified ahead on
  // every core; after each, `done` gets the mail as it was before and what
  // happened. Throws Failure(Exit::no_input) at the first unknown id,
  // after the ones before it.
  void reparse_all(const std::vector<std::int64_t>& ids, UnixTime now,
                   const std::function<void(std::int64_t id, const MailInfo& before, const MailOutcome&)>& done);
  // Finishes mails a crash (or a stop with mails read ahead) left
  // "pending": stores what they carry, then processes them. Only while no
  // other process runs ingest_all (whose pending mails are its own work in
  // progress): else logs that they wait, and returns 0. Throws Failure
  // (Exit::io) when the lock file beside the database cannot be made.
  std::size_t recover_pending(UnixTime now, const std::function<void(const std::string&)>& log);
  // Reads `source` to its end (or until observer.stop_requested()). Each
  // message is ingested, and only once its transactions are committed does
  // source.processed() mark it done (Maildir rename, IMAP \Seen): a crash
  // at any point leaves it unread at its source or safely stored. Throws
  // Failure for a source that cannot be read (after the messages before
  // it), and passes on what the store throws; the message at hand is then
  // not marked processed. A few messages are read ahead and verified on
  // every core meanwhile (VerifyPool, its verifiers in processes of their
  // own); one thread stores them, in order, before a worker parses them:
  // each in its own synced commit when the source lets messages go
  // (Source::lets_go), else those read together in one synced commit. One
  // read ahead but not processed when the run ends stays pending and
  // unmarked: recover_pending finishes it.
  IngestTotals ingest_all(Source& source, IngestObserver& observer);
  // Resolves the open incidents among `ids` at `at` (change.by, change.why
  // go into their history) and mends the queued notices that tell of
  // them, in one transaction: a notice whose incidents are all resolved is
  // cancelled, any other is rendered again for its open incidents only,
  // to the customer's current addresses. Throws Failure(Exit::config)
  // when a notice must be rendered and the templates are missing.
  ResolveOutcome resolve(const std::vector<std::int64_t>& ids, UnixTime at, const Change& change);
  // Takes `rows` (parse_rows: what a person read) as the reading of mail
  // `mail_id`, whose report waits for review: a new report with the
  // stored one's ticket, topic and service and these rows, its events and
  // notices as for a parsed report, and `review` (who, when, the rows as
  // given, a note), in one transaction. Failure(Exit::no_input) when the
  // mail does not wait for review, Failure(Exit::data) when `rows` has
  // problems (each named).
  MailOutcome review(std::int64_t mail_id, const Report& rows, MailReview review);
  // Sets mail `mail_id`, which waits for review, aside as dismissed, with
  // `review` (who, when, why). Failure(Exit::no_input) as for review.
  void dismiss(std::int64_t mail_id, MailReview review);
  // The desk's `outbox retry ID`: failed or in_doubt notice `id` queued
  // again, due at `now`, in one transaction. A failed one whose
  // customer's addresses changed since is rendered again for them (its
  // open incidents, else all it told of); one in doubt goes as it was
  // (same Message-ID), to its addresses not sent yet. False when the
  // notice is neither failed nor in_doubt.
  bool retry_notice(std::int64_t id, UnixTime now);

 private:
  // ingest() of a mail whose sha256 is known, verified already when
  // `verified` is set.
  MailOutcome ingest(const std::string& raw, const std::string& origin, UnixTime now, const std::string& sha,
                     std::optional<Verification> verified);
  MailOutcome reparse(std::int64_t mail_id, UnixTime now, const MailInfo& info, const std::string& raw,
                      std::optional<Verification> verified);
  const NoticeRenderer& renderer();  // made on first use
  // The mail, which must wait for review (else Failure(Exit::no_input)).
  MailInfo waiting_mail(std::int64_t mail_id) const;
  // Cancels or renders again queued notice `id` after a resolution.
  void mend_notice(std::int64_t id, UnixTime at, ResolveOutcome& outcome);
  // The lock file beside the database that ingest_all holds shared and
  // recover_pending exclusively.
  std::string ingest_lock_path() const;
  // A Verifier as the config says (keyring, trusted keys, MIME depth).
  std::unique_ptr<Verifier> new_verifier() const;
  // Why `raw` is beyond limits.max_mail_bytes or max_header_bytes and is
  // kept unread (rejected, that reason as its detail); "" when it may be read.
  std::string unreadable(std::string_view raw) const;
  // True for a stored mail that is processed already: ingesting it again changes nothing.
  bool known(const std::string& sha) const;
  // What `raw` is: `verified` when set, else its verification now; a mail
  // beyond the limits (see unreadable) is unsigned with the reason.
  Verification verification(const std::string& raw, std::optional<Verification> verified);
  // Records what the mail `mail_id`, verified as `v`, is. With
  // `only_pending`, a mail another process finished meanwhile (a
  // concurrent ingest or poll of the same mail) is left as it is: checked
  // inside the transaction that records it.
  MailOutcome process(std::int64_t mail_id, Verification v, const std::string& subject, UnixTime now,
                      bool only_pending = true);
  // Stores `raw` unless known (pending, with its top header block read:
  // subject, from, Message-ID) in a durable transaction of its own, before
  // any MIME parsing. `sha`: sha256_hex(raw). Returns its id.
  std::int64_t store_raw(const std::string& raw, const std::string& origin, UnixTime now, const std::string& sha);
  // What follows store_raw for stored mail `id`: stores the mails attached
  // to it, then processes it and them (verified already when `verified`
  // is set). `raw` goes once it is verified, before its report is parsed:
  // the stored copy is what counts from then on. Throws what the store and
  // the verifier throw.
  MailOutcome finish(std::int64_t id, std::string raw, UnixTime now, std::optional<Verification> verified);
  // Stores the mails attached to stored mail `id` unless known (down to a
  // few levels of forwards of forwards), linked to it; inside the caller's
  // transaction.
  void store_attached(std::int64_t id, const std::string& raw, const std::string& origin, UnixTime now, int depth);
  // Processes the mails `carrier_id` carries that are still pending, and
  // theirs; the others are reported as already stored.
  std::vector<MailOutcome> process_attached(std::int64_t carrier_id, UnixTime now, int depth);
  // Records the rows of `report` (Store::record_events) and queues their
  // notices, one per customer to notify, in customer id order. Adds the
  // counts (new events, unassigned, notices) to `outcome`.
  void record_and_notify(std::int64_t report_id, const Report& report, UnixTime now, MailOutcome& outcome);
  // Renders and queues the notice of `rows` of `report` for `customer_id`;
  // false for a customer the store does not know. The notice tells of
  // `incidents` (their ids).
  bool queue_notice(std::int64_t report_id, const Report& report, const std::string& customer_id,
                    const std::vector<Row>& rows, UnixTime now, const std::vector<std::int64_t>& incidents);

  const Config& config_;
  Store& store_;
  std::unique_ptr<Verifier> verifier_;        // this thread's; VerifyPool's threads make their own
  std::unique_ptr<NoticeRenderer> renderer_;  // made on first use: ingest works without templates
};

// incidents.auto_resolve_days: resolves the open incidents no scan has
// reported for that many days before `now`, as "not seen again for N
// days". Returns how many; 0 when it is off.
std::size_t auto_resolve(Store& store, const Config& config, UnixTime now);

// What one notify run did, for its summary line and exit code.
struct DeliveryStats {
  std::size_t sent = 0, retrying = 0, failed = 0;
  std::size_t in_doubt = 0;            // found in doubt by this run (their run was gone)
  std::size_t requeued = 0;            // in doubt, queued again (notify.resend_in_doubt)
  std::size_t waiting_in_doubt = 0;    // every notice in doubt after the run, waiting for the desk
  std::optional<UnixTime> next_retry;  // after the run, the earliest next try of a notice waiting for a retry
};

struct DeliveryOptions {
  bool ignore_backoff = false;   // notify --now: every queued notice, whatever its next_try
  bool resend_in_doubt = false;  // notify.resend_in_doubt
};

// One line of what notify did; `problem` for what a person must look at
// (a notice failed for good, or in doubt).
using DeliveryLog = std::function<void(const std::string& line, bool problem)>;

// Who claims notices: "host:pid" of this process.
std::string this_claimer();

// Whether the run that claimed a notice is gone: on this host, when
// process `pid` no longer exists; a claim from another host, when it is
// older than an hour (no attempt takes that long).
bool claimer_gone(const OutboxClaim& claim, UnixTime now);

// Marks in_doubt every notice still `sending` for a run that is gone
// (claimer_gone); returns their claims. notify does it first; outbox
// listings too, so that they show what is so.
std::vector<OutboxClaim> mark_abandoned_claims(Store& store, UnixTime now);

// First marks in_doubt the notices still `sending` for a run that is gone
// (and, with resend_in_doubt, queues every in_doubt notice again). Then
// sends each due notice once: claims it (Store::claim_notice; one another
// run claimed first is skipped), sends it to its addresses not done yet,
// records what the server said for each address, and ends the claim. A
// refusal of the whole message is tried address by address, so that one
// refused address (4xx: queued again alone; 5xx: failed alone, with its
// reply) does not hold back the others. A notice waiting for an address
// is tried again with exponential backoff (1 minute doubling to 4 hours,
// failed after 30 attempts). `progress` is told after each notice (done,
// total). A run killed while sending leaves its claimed notice in doubt,
// never sent again by itself.
DeliveryStats deliver_outbox(Store& store, const SmtpClient& smtp, UnixTime now, const DeliveryLog& log,
                             const DeliveryOptions& options = {},
                             const std::function<void(std::size_t, std::size_t)>& progress = {});

// What send_escalation_digest did.
struct DigestResult {
  bool tried = false;  // a digest was due and was handed to SMTP
  std::size_t incidents = 0;
  SendResult::Kind kind = SendResult::Kind::temporary;
  std::string reply;
  // One line for the log ("escalation digest of 3 incidents to DESK: sent
  // (...)"); empty when nothing was tried.
  std::string summary(const std::string& to) const;
};

// notify.escalate_after_days: once a day (UTC), sends notify.desk_address
// one digest of the open incidents still reported again after their first
// notice, that many days or more after it (Store::escalations), grouped
// by customer. Nothing when it is off, when today's digest was sent, or
// when no incident is due; one that failed is tried again by the next
// call. Throws what the store and the renderer throw.
DigestResult send_escalation_digest(Store& store, const Config& config, const SmtpClient& smtp, UnixTime now);

// Writes every queued item as DIR/<id>.eml; marks nothing. Returns the count.
std::size_t write_dry_run(Store& store, const std::filesystem::path& dir);

// One line of `certbund check`.
struct CheckResult {
  enum class Kind { ok, config, temporary };  // config: 78; temporary: 75
  Kind kind = Kind::ok;
  std::string what;   // "database", "keyring", "pgp key ABCD...", "templates", "smtp"
  std::string said;   // ok: what was found; else what is wrong
  std::string where;  // the file, folder or URL concerned
};

// Checks what a run needs, changing nothing: the database (exists, this
// user may write it, schema current), the keyring (readable; each pinned
// fingerprint present and usable, with its expiry; expiring within 30
// days is said), the templates (built-in and templates.dir overrides,
// complete for every language), notify.dry_run_dir and each local
// [[mailbox]] readable; with `smtp`, the relay (connect, EHLO, STARTTLS,
// AUTH, QUIT: SmtpClient::probe). In that order, one result each.
std::vector<CheckResult> check_setup(const Config& config, bool smtp, UnixTime now);

}  // namespace certbund

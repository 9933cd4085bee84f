#pragma once
// store: SQLite (SQLiteCpp). Schema in schema/NNN_name.sql, applied in
// order and recorded; WAL; busy timeout. Every mail with its raw bytes,
// sha256, verdict and signer; reports; events unique on (ip, port,
// service, timestamp); incidents; customers and their networks with
// history; the outbox; which mail carried which other mail attached.
// Every text it stores is valid UTF-8: bytes that are not are stored as
// their Windows-1252 reading (raw mails and notices are blobs, kept
// exactly).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "certbund/owners.hpp"
#include "certbund/report.hpp"
#include "certbund/states.hpp"
#include "certbund/util.hpp"

namespace SQLite {
class Database;
}

namespace certbund {

class StatementCache;

// The store knows only data: the records below are what it keeps, filled
// by the pipeline from the verifier's Verification and the renderer's
// Notice. It includes no stage above report and owners.

// What the signature check found, as kept with the mail.
struct MailVerdict {
  Verdict verdict = Verdict::unsigned_;
  SignatureKind kind = SignatureKind::none;
  std::string signer;  // uppercase primary fingerprint, empty when unknown
  std::string detail;  // one line: why
  // Verification::signed_id: the signed report's identity, empty unless verified.
  std::string signed_id;
};

// A rendered notice to queue in the outbox.
struct NewNotice {
  std::string message_id;       // "<...@example.net>", unique in the outbox
  std::string subject;          // decoded, UTF-8
  std::string from;             // envelope sender, bare address
  std::vector<std::string> to;  // bare addresses
  std::string bytes;            // the whole message, CRLF line ends
};

struct NewMail {
  std::string_view raw;  // the caller's bytes, alive until add_mail returns: a large mail is not copied
  std::string origin;
  std::string subject;
  std::string from;
  std::string message_id;
  std::string sha256 = {};  // sha256_hex(raw) when the caller has it already; empty: add_mail computes it
};

struct MailInfo {
  std::int64_t id = 0;
  UnixTime received = 0;
  std::string origin, sha256, message_id, subject, from;
  std::optional<Verdict> verdict;     // nullopt until verified (pending)
  std::optional<SignatureKind> kind;  // nullopt until verified (pending)
  std::string signer, detail;
  MailStatus status = MailStatus::pending;
  std::string ticket, service, topic;
  std::int64_t rows = 0;
  std::int64_t size = 0;
  std::optional<UnixTime> purged_at;  // when a purge deleted its bytes
  std::string signed_id;              // MailVerdict::signed_id; empty when unsigned or stored before it was kept
  // The mail whose signed report this one repeats (status duplicate); its
  // ticket, service, topic and rows are that mail's.
  std::optional<std::int64_t> duplicate_of;
};

// A person's review of a mail whose report needed one.
struct MailReview {
  UnixTime at = 0;
  std::string by;
  ReviewAction action = ReviewAction::rows;
  std::string note;
  std::optional<std::int64_t> report_id;  // the report made from the rows
  std::string rows_csv;                   // the rows as the person gave them
};

// The status a verified mail takes from its report.
MailStatus mail_status_of(ReportStatus s);

// How a list is ordered and cut: by `sort` (one of the fields its
// *_sort_fields() names; ties by id), ascending unless `descending`, at
// most `limit` items. The default is by id, ascending: oldest first.
struct ListOrder {
  std::string sort = "id";
  bool descending = false;
  std::optional<std::int64_t> limit;
};

struct MailFilter {
  std::optional<Verdict> verdict;
  std::optional<MailStatus> status;
  std::optional<UnixTime> since, until;  // received >= since, received <= until
  ListOrder order;
};

// The fields mails can be sorted by: id, received, verdict, status,
// ticket, service, rows, size.
std::vector<std::string_view> mail_sort_fields();

struct IncidentInfo {
  std::int64_t id = 0;
  IpAddress ip;
  std::optional<int> port;
  std::string service;
  std::optional<std::int64_t> asn;
  std::optional<std::string> customer;       // nullopt: unassigned
  std::optional<std::string> customer_name;  // the customer's name as last imported
  IncidentStatus status = IncidentStatus::open;
  UnixTime first_seen = 0, last_seen = 0;
  std::optional<UnixTime> resolved_at;
  std::optional<std::string> resolution;  // why certbund resolved it ("not seen again ..."); nullopt: a person did
  std::optional<UnixTime> last_notice;    // when the last notice of it was sent
  std::vector<std::string> tickets;       // every ticket that reported it, oldest first
  std::string report_class;               // of its latest report: "exposure", "vulnerability", ...
};

// Who changes an incident and why: a person (--by, else the login
// name), or "certbund" for what a scan did.
struct Change {
  std::string by = "certbund";
  std::string why;  // may be empty
};

// One step of an incident's status history.
struct IncidentChange {
  UnixTime at = 0;
  IncidentAction what = IncidentAction::opened;
  std::string by, why;
};

struct IncidentNote {
  UnixTime at = 0;
  std::string by, text;
};

// An event of an incident: when it was scanned, and the report and mail
// that told of it.
struct IncidentEvent {
  std::int64_t id = 0;
  UnixTime scanned = 0;
  std::string ticket;  // empty when the report had none
  std::int64_t report_id = 0, mail_id = 0;
  std::optional<Verdict> verdict;          // the mail's
  std::optional<std::string> customer;     // who held the ip when scanned
  std::optional<std::string> reviewed_by;  // who read the row, when a person did
};

// A notice that told the customer of an incident.
struct IncidentNotice {
  std::int64_t id = 0;  // in the outbox
  OutboxStatus status = OutboxStatus::queued;
  std::string customer, ticket;
  std::vector<std::string> to;
  UnixTime created = 0;
  std::optional<UnixTime> done_at;  // when sent, failed for good or cancelled
  int attempts = 0;
  std::string reply;  // the SMTP server's last reply, or why it was cancelled
};

// Everything the store knows of one incident; each list oldest first.
struct IncidentStory {
  IncidentInfo incident;
  std::vector<IncidentEvent> events;    // by scan time
  std::vector<IncidentNotice> notices;  // by queueing time
  std::vector<IncidentNote> notes;
  std::vector<IncidentChange> history;
};

struct IncidentFilter {
  enum class State { open, resolved, all };
  State state = State::open;
  std::optional<std::string> customer;
  bool unassigned = false;
  std::optional<std::string> service;
  std::optional<Network> ip;  // an address is a /32 or /128
  // Seen in the span: last_seen >= since, first_seen <= until.
  std::optional<UnixTime> since, until;
  ListOrder order;
};

// The fields incidents can be sorted by: id, ip (by address, not text),
// port, service, customer, status, first_seen, last_seen, resolved_at,
// last_notice.
std::vector<std::string_view> incident_sort_fields();

// What happened to one row of a stored report.
struct EventOutcome {
  std::size_t row = 0;        // index into Report::rows
  std::int64_t event_id = 0;  // the event (the existing one for a duplicate)
  std::int64_t incident_id = 0;
  bool duplicate = false;               // the same (ip, port, service, timestamp) was stored before
  std::optional<std::string> customer;  // who held the ip at the event's timestamp
  bool notify = false;                  // goes into this report's notice to `customer`
};

// One span in which a customer held a network: [from, to).
struct Holding {
  std::string customer;
  Network network;
  std::optional<UnixTime> from;  // nullopt: since before the first import
  std::optional<UnixTime> to;    // nullopt: still held
};

// What an import changed in the networks' history.
struct HoldingChanges {
  std::size_t opened = 0;  // spans started: new networks, networks that changed hands
  std::size_t closed = 0;  // spans ended: networks dropped or given to another customer
};

// An event that an import gave an owner to (see attribute_unassigned).
struct Attribution {
  std::int64_t event_id = 0, incident_id = 0, report_id = 0;
  std::string customer;
  UnixTime scanned = 0;  // the event's timestamp
};

// One address of a notice and how its delivery stands.
struct OutboxRecipient {
  std::string address;
  RecipientStatus status = RecipientStatus::queued;
  int attempts = 0;
  std::string reply;                // the server's last reply for this address
  std::optional<UnixTime> done_at;  // when sent or failed
};

struct OutboxItem {
  std::int64_t id = 0;
  std::string customer, ticket, message_id, subject, from;
  std::vector<std::string> to;
  std::string bytes;
  OutboxStatus status = OutboxStatus::queued;
  int attempts = 0;
  UnixTime created = 0, next_try = 0;
  std::optional<UnixTime> sent_at, failed_at, cancelled_at;
  std::string last_reply;
  std::string note;                         // why it was cancelled
  std::string claimed_by;                   // "host:pid" of the run that last claimed it; empty: never
  std::optional<UnixTime> claimed_at;       // when
  std::vector<OutboxRecipient> recipients;  // in the order of `to`
};

// What one attempt did for one address of a claimed notice: sent,
// failed (refused for good) or queued (to try again).
struct RecipientResult {
  std::string address;
  RecipientStatus status = RecipientStatus::queued;
  std::string reply;
};

// A notice some run claims (status sending): who and since when.
struct OutboxClaim {
  std::int64_t id = 0;
  std::string claimed_by;  // "host:pid"
  UnixTime claimed_at = 0;
};

// What a queued notice was made of, to make it again: its customer, its
// report, and the incidents it tells of, by status now.
struct NoticeSource {
  std::int64_t id = 0;
  std::string customer;
  std::int64_t report_id = 0;
  std::vector<std::int64_t> open, resolved;  // incident ids
};

// Incident counts of one service or one customer, for `stats`.
struct IncidentStats {
  std::optional<std::string> key;  // the service or customer id; nullopt: unassigned
  std::int64_t open = 0, resolved = 0;
  // Seconds from first_seen to resolved_at (0 when negative) of the
  // resolved incidents: the middle one, the upper of two; nullopt when none.
  std::optional<UnixTime> median_fix;
};

struct MailStats {
  MailStatus status = MailStatus::pending;
  std::optional<Verdict> verdict;  // nullopt for pending mails
  std::int64_t count = 0;
};

// An open incident still reported after the desk told its customer
// (notify.escalate_after_days).
struct Escalation {
  std::int64_t incident_id = 0;
  std::string customer;
  IpAddress ip;
  std::optional<int> port;
  std::string service;
  UnixTime first_notice = 0;  // when its first notice was sent
  UnixTime last_seen = 0;     // its latest scan, after first_notice
};

// What a purge deletes, or deleted.
struct PurgeCounts {
  std::int64_t incidents = 0, events = 0, notices = 0, mails = 0;  // mails: their raw bytes
};

// One purge: when, its cutoff (incidents resolved before it), its counts.
struct PurgeRecord {
  UnixTime at = 0, before = 0;
  PurgeCounts counts;
};

struct Stats {
  std::vector<IncidentStats> by_service, by_customer;  // ordered by key, unassigned first
  std::vector<MailStats> mails;                        // ordered by status, verdict
  PurgeCounts purged;                                  // by every purge so far
  std::optional<UnixTime> last_purge;
  // Mails whose report waits for a person, and what people did with the
  // others: rows given, dismissed.
  std::int64_t review_waiting = 0, reviewed = 0, dismissed = 0;
};

// How a Store opens its database file.
enum class StoreMode {
  create,     // creates the file (0640) and its folder (0750) when missing; migrates
  write,      // the file must exist; migrates
  read_only,  // the file must exist with every migration applied; writes nothing
};

// What `certbund check` says of the database at `path`, changing
// nothing: "" when it exists, this user may write it and its folder (the
// WAL lives beside it) and every migration is applied; else one line of
// what is wrong ("no database here; run `certbund init` first").
std::string database_problem(const std::filesystem::path& path, int busy_timeout_ms);

class Store {
 public:
  // Opens the database as `mode` says and applies pending migrations
  // (read_only: requires none pending). WAL; synchronous=NORMAL except
  // for a durable Transaction. Throws Failure: Exit::config for a missing
  // file (not `create`) or an outdated schema (read_only), saying to run
  // `certbund init`; Exit::io when it cannot be opened; Exit::temp_fail
  // when locked past the busy timeout.
  explicit Store(const std::filesystem::path& path, int busy_timeout_ms = 10000, StoreMode mode = StoreMode::create);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  SQLite::Database& db();

  // Whether a commit reaches the disk before commit() returns.
  enum class Durability {
    normal,  // synchronous=NORMAL: survives a crash, may be lost in a power cut
    full,    // synchronous=FULL: the WAL is fsync'ed before commit() returns
  };

  // Whether SQLite looks up each written row's foreign keys.
  enum class ForeignKeys {
    checked,
    // For a bulk load whose every reference names a row that the same
    // transaction wrote or read (a first customer import: a million
    // networks, each naming a customer it has just written). Those
    // lookups were half the load's SQL time. CHECK, NOT NULL and UNIQUE
    // constraints still hold.
    unchecked,
  };

  // A write transaction (BEGIN IMMEDIATE); rolls back unless committed.
  // Inside another one it is a savepoint: its own part rolls back alone
  // (and commits as durably, and as checked, as the outer one: SQLite
  // changes neither inside a transaction).
  class Transaction {
   public:
    explicit Transaction(Store& store, Durability durability = Durability::normal,
                         ForeignKeys keys = ForeignKeys::checked);
    ~Transaction();
    void commit();

   private:
    void restore_pragmas();
    Store& store_;
    bool done_ = false;
    bool nested_ = false;     // inside another Transaction: a SAVEPOINT
    bool full_ = false;       // synchronous=FULL until it ends
    bool unchecked_ = false;  // foreign_keys=OFF until it ends
  };

  // The database file, as given.
  const std::string& path() const { return path_; }

  // --- mails ---
  std::optional<std::int64_t> find_mail(const std::string& sha256) const;
  // Stores the raw bytes and their sha256 with status "pending".
  std::int64_t add_mail(const NewMail& mail, UnixTime received);
  void set_verification(std::int64_t mail_id, const MailVerdict& v);  // status "rejected" unless verified
  // The first mail other than `mail_id` that carries the signed report
  // `signed_id` and was processed as itself (not pending, not a duplicate);
  // nullopt for none or an empty `signed_id`.
  std::optional<std::int64_t> signed_original(const std::string& signed_id, std::int64_t mail_id) const;
  // Records mail `mail_id` as a duplicate of `original_id` (its status reads
  // "duplicate"). Its own reports, if a former version made any, stay.
  void mark_duplicate(std::int64_t mail_id, std::int64_t original_id);
  // Failure(Exit::usage) for a sort field mail_sort_fields() does not name.
  std::vector<MailInfo> mails(const MailFilter& filter) const;
  std::optional<MailInfo> mail(std::int64_t id) const;
  // The bytes as received; nullopt for an unknown mail, or one whose bytes
  // a purge deleted.
  std::optional<std::string> mail_raw(std::int64_t id) const;
  std::vector<std::int64_t> pending_mails() const;
  // Records that mail `carrier_id` carries mail `mail_id` attached (a
  // report forwarded as message/rfc822), as its `position`-th attached
  // mail from 1. Recording it again changes nothing.
  void link_attached(std::int64_t carrier_id, std::int64_t mail_id, int position);
  // The mails `carrier_id` carries, in their order; empty for most mails.
  std::vector<std::int64_t> attached_to(std::int64_t carrier_id) const;
  // The mails that carried `mail_id`, by id; empty for a mail that came in directly only.
  std::vector<std::int64_t> carriers_of(std::int64_t mail_id) const;
  // The latest report of mail `mail_id` (the one that counts); nullopt
  // when it has none.
  std::optional<std::int64_t> latest_report(std::int64_t mail_id) const;
  // Records a review of mail `mail_id`.
  void add_review(std::int64_t mail_id, const MailReview& review);
  // The reviews of mail `mail_id`, oldest first.
  std::vector<MailReview> reviews(std::int64_t mail_id) const;
  // Sets a mail that waits for review to "dismissed". False when it does
  // not wait for review.
  bool dismiss_mail(std::int64_t mail_id);

  // --- reports, events, incidents ---
  // Stores the report and sets the mail's status to the report's status.
  std::int64_t add_report(std::int64_t mail_id, const Report& report);
  // The two halves of add_report, for a caller that frees a large report's
  // rows in between: rewriting the mail's row copies its raw bytes twice
  // in SQLite's memory. Both within the caller's transaction.
  std::int64_t insert_report(std::int64_t mail_id, const Report& report);
  void set_mail_status(std::int64_t mail_id, MailStatus status);
  // Stores each row as an event (duplicates once), opens, updates or
  // reopens incidents (a resolved one only for a timestamp later than its
  // resolution), attributes each event to the customer who held its ip at
  // its timestamp, and decides `notify`: a new event for a customer whose
  // incident is new, reopened, never notified, or last notified at least
  // `remind_after_days` before `now`; marks those incidents notified at `now`.
  // Opening and reopening are recorded in the incident's history as done
  // by "certbund" at `now`, naming the ticket and the scan time. Returns
  // the outcome of each row with a timestamp, in row order.
  std::vector<EventOutcome> record_events(std::int64_t report_id, const Report& report, int remind_after_days,
                                          UnixTime now);
  // The same, handing each row's outcome to `each` as it is made (inside
  // the transaction) instead of keeping them all: a report of a million
  // rows then holds no outcome per row. Rows are recorded, and handed on,
  // in key order (IPv4 before IPv6, then address bytes, then port), rows
  // of one key in row order: that keeps SQLite's page cache on the pages
  // of the address indexes. EventOutcome::row names each row.
  void record_events(std::int64_t report_id, const Report& report, int remind_after_days, UnixTime now,
                     const std::function<void(const EventOutcome&)>& each);
  // Calls `each` with every incident `filter` selects, in its order, as
  // it is read (tickets included, in the same query): nothing is kept
  // beyond the incident at hand. `each` must not use this store.
  // Failure(Exit::usage) for a sort field incident_sort_fields() does not name.
  void for_each_incident(const IncidentFilter& filter, const std::function<void(const IncidentInfo&)>& each) const;
  std::vector<IncidentInfo> incidents(const IncidentFilter& filter) const;  // for_each_incident, collected
  // Incident `id` with its events, notices, notes and history; nullopt
  // when there is none.
  std::optional<IncidentStory> incident_story(std::int64_t id) const;
  // Resolves incident `id` at `at` and records who and why in its
  // history. False when there is no open incident `id`.
  bool resolve_incident(std::int64_t id, UnixTime at, const Change& change = {});
  // Opens resolved incident `id` again and records who and why. False
  // when there is no resolved incident `id`.
  bool reopen_incident(std::int64_t id, UnixTime at, const Change& change);
  // Adds a note by `by` to incident `id`. False when there is no incident `id`.
  bool add_note(std::int64_t id, UnixTime at, const std::string& by, const std::string& text);
  // Report `report_id` as stored, without its rows (they are events);
  // nullopt when there is none.
  std::optional<Report> report(std::int64_t report_id) const;
  // The rows of report `report_id` that belong to `incidents`, rebuilt
  // from their events, in the order they were stored.
  std::vector<Row> report_rows(std::int64_t report_id, const std::vector<std::int64_t>& incidents) const;
  // Resolves at `now` every open incident last scanned before
  // `not_seen_since`, recording `why` as its resolution (a later scan
  // reopens it, as any resolved incident). Returns their ids.
  std::vector<std::int64_t> resolve_not_seen(UnixTime not_seen_since, UnixTime now, const std::string& why);
  // Counted by SQLite: incidents by service and by customer (purged ones
  // too), mails by status and verdict, and what purges deleted.
  Stats stats() const;

  // --- escalation ---
  // The open incidents whose first notice was sent at least `after_days`
  // days before `now` and that were scanned again after it, by customer,
  // then incident id.
  std::vector<Escalation> escalations(int after_days, UnixTime now) const;
  // Whether the digest of `day` ("2024-03-20", UTC) was sent.
  bool digest_sent(const std::string& day) const;
  // Records that the digest of `day` went to `recipient` at `at`.
  void record_digest(const std::string& day, UnixTime at, const std::string& recipient, std::size_t incidents,
                     const std::string& reply);

  // --- retention ---
  // What purge(before, ...) would delete; changes nothing.
  PurgeCounts purge_plan(UnixTime before) const;
  // Deletes, in one transaction, the incidents resolved before `before`,
  // their events, the notices (sent or failed) that told only of them, and
  // the raw bytes of the mails that reported only them, or carried only
  // such mails attached. A purged mail keeps its row (counted, known by
  // its hash); a purged incident keeps its service, customer, first_seen
  // and resolved_at for stats, no address. Records the purge at `now`.
  PurgeCounts purge(UnixTime before, UnixTime now);
  std::vector<PurgeRecord> purges() const;  // oldest first

  // --- customers ---
  // Whether any import has stored a network (history included): false
  // until the first import.
  bool holds_networks() const;
  // Replaces the customer list in one transaction, keeping the history of
  // every network: an unchanged (network, customer) keeps its start; a
  // network that is new, or changes hands, is held from `valid_from` (when
  // the change really happened; `now` when not given); one the list drops
  // is held until then. The very first import without `valid_from` holds
  // its networks since before it, so it covers the scans reported before
  // the desk had a list. History only moves forward: a `valid_from` after
  // `now` or before the latest change already recorded is a Failure
  // (Exit::usage) naming both times.
  HoldingChanges replace_customers(const std::vector<Customer>& customers, UnixTime now,
                                   std::optional<UnixTime> valid_from = std::nullopt);
  std::vector<Customer> customers() const;  // current list
  // Any customer ever imported: one a later import dropped has no networks.
  std::optional<Customer> customer(const std::string& id) const;
  // Every holding ever imported, in memory (OwnerIndex): built on first
  // use and again after an import by any process (every import bumps
  // PRAGMA user_version). Valid until the next call of a Store method.
  const OwnerIndex& owners() const;
  // Longest prefix among the networks held at `at` (UTC seconds), from
  // owners(): the same answer as the range query on customer_networks.
  std::optional<Holding> owner_of(const IpAddress& ip, UnixTime at) const;
  // Every span in which customer `id` held a network, by network then
  // start; empty for an unknown customer.
  std::vector<Holding> holdings(const std::string& id) const;
  // Gives the events of open unassigned incidents the customer who held
  // their address at their scan time (owner_of) or, when nobody did, the
  // first customer who held it after the scan (the list lagged behind);
  // each such incident takes the owner of its latest event. Returns the
  // events that gained an owner, by report, then event. Run after an
  // import, in its transaction.
  std::vector<Attribution> attribute_unassigned();
  // Stored report `report_id` (ticket, topic, scope, service, columns,
  // explanation; status parsed) with one row per event of `event_ids`, in
  // that order, rebuilt from the events (ip, port, asn, timestamp, extra
  // cells). Failure(Exit::data) when there is no such report.
  Report stored_report(std::int64_t report_id, const std::vector<std::int64_t>& event_ids) const;
  // Records that incidents `ids` were notified at `now`: their reminder
  // interval counts from then.
  void mark_notified(const std::vector<std::int64_t>& ids, UnixTime now);

  // --- mailboxes ---
  // What poll processed of the mbox at `path` (absolute), or nullopt.
  std::optional<PrefixMark> mailbox_mark(const std::string& path) const;
  // Remembers `mark` for `path`, as of `now`.
  void set_mailbox_mark(const std::string& path, const PrefixMark& mark, UnixTime now);

  // --- outbox ---
  // Queues `notice` for `customer`, due at `now`, as telling of
  // `incidents`. A message_id already in the outbox is a Failure
  // (Exit::data), with nothing written: a notice is queued once. Inside
  // a transaction of the caller's it takes no savepoint of its own (a
  // large report queues thousands): any other failure is the caller's to
  // roll back, with the rest of its transaction.
  std::int64_t enqueue(const NewNotice& notice, const std::string& customer, std::int64_t report_id, UnixTime now,
                       const std::vector<std::int64_t>& incidents = {});
  std::vector<OutboxItem> due(UnixTime now) const;  // queued, next_try <= now, by next_try
  std::vector<OutboxItem> outbox() const;           // everything, newest first
  std::optional<OutboxItem> outbox_item(std::int64_t id) const;
  // The incidents notice `id` tells of, by id.
  std::vector<std::int64_t> notice_incidents(std::int64_t id) const;
  // The earliest next_try of the queued notices tried before (waiting for
  // a retry); nullopt when none is. One queued meanwhile and not tried
  // yet (another run's) does not count.
  std::optional<UnixTime> next_retry() const;
  // The whole notice at once, every address alike (for tests and for
  // what knows no better): sent, retried later, failed for good.
  void mark_sent(std::int64_t id, const std::string& reply, UnixTime now);
  void mark_retry(std::int64_t id, const std::string& reply, UnixTime next_try);
  void mark_failed(std::int64_t id, const std::string& reply, UnixTime now);

  // --- sending a notice once ---
  // Claims queued notice `id` for `claimer` ("host:pid") at `now` in its
  // own committed transaction (BEGIN IMMEDIATE, an UPDATE ... WHERE status
  // = 'queued' that must change one row): the notice becomes `sending`,
  // its queued addresses `sending`. Returns it as claimed; nullopt when it
  // is not queued (another run claimed it first, it was sent or
  // cancelled) or, unless `ignore_backoff`, not due at `now`. Call it
  // outside any transaction.
  std::optional<OutboxItem> claim_notice(std::int64_t id, const std::string& claimer, UnixTime now,
                                         bool ignore_backoff = false);
  // Records what an attempt did for addresses of claimed notice `id`
  // (only those `sending`), at `now`; each counts an attempt.
  void record_recipients(std::int64_t id, const std::vector<RecipientResult>& results, UnixTime now);
  // Ends the claim on notice `id` (still `sending`), counting one attempt
  // and keeping `reply`: queued again due at `next_try` while an address
  // waits (4xx, or never tried: its `sending` ones go back to queued);
  // else sent (at `now`) when one address took it, failed when none did.
  // Returns the status it ends in.
  OutboxStatus finish_attempt(std::int64_t id, const std::string& reply, UnixTime now, UnixTime next_try);
  // The notices some run claims now (sending), by id.
  std::vector<OutboxClaim> claims() const;
  // Notice `id`, still `sending` for `claimed_by` (a run that is gone),
  // becomes in_doubt: the server may have it. False when that claim
  // does not hold any more.
  bool mark_in_doubt(std::int64_t id, const std::string& claimed_by);
  // The notices in doubt, by id.
  std::vector<std::int64_t> in_doubt_notices() const;
  // Queues failed or in_doubt notice `id` again, due at `now`: its
  // addresses not sent yet (failed, in doubt) are queued again; those
  // sent stay sent. Its attempts count from 0 again. False when it is
  // neither failed nor in_doubt.
  bool requeue_notice(std::int64_t id, UnixTime now);
  // The queued notices that tell of incident `incident_id`, oldest first.
  std::vector<std::int64_t> queued_notices_of(std::int64_t incident_id) const;
  // Queued notice `id`'s customer, report and incidents; nullopt when
  // there is no queued notice `id`.
  std::optional<NoticeSource> notice_source(std::int64_t id) const;
  // Cancels notice `id` for `why`: one queued, failed or in_doubt (never
  // one `sending`, sent or cancelled). False when it is none of those.
  bool cancel_notice(std::int64_t id, UnixTime at, const std::string& why);
  // Puts `notice`, telling of `incidents` only, in the place of queued
  // notice `id`, due as before; its addresses are `notice.to`, those that
  // were sent already stay sent (and are not sent again). False when it
  // is not queued.
  bool replace_notice(std::int64_t id, const NewNotice& notice, const std::vector<std::int64_t>& incidents);

 private:
  std::string path_;  // for messages
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<StatementCache> statements_;  // destroyed before db_
  mutable std::unique_ptr<OwnerIndex> owners_;  // as of import count owners_version_
  mutable std::int64_t owners_version_ = -1;
};

}  // namespace certbund

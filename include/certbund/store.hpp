#pragma once
// store: SQLite (SQLiteCpp). Schema in schema/NNN_name.sql, applied in
// order and recorded; WAL; busy timeout. Every mail with its raw bytes,
// sha256, verdict and signer; reports; events unique on (ip, port,
// service, timestamp); incidents; customers and their networks with
// history; the outbox.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "certbund/notices.hpp"
#include "certbund/owners.hpp"
#include "certbund/report.hpp"
#include "certbund/signature.hpp"
#include "certbund/util.hpp"

namespace SQLite {
class Database;
}

namespace certbund {

class StatementCache;

struct NewMail {
  std::string raw;
  std::string origin;
  std::string subject;
  std::string from;
  std::string message_id;
};

// Mail status: "pending" (stored, not processed yet: a crash happened),
// "parsed", "needs_review", "rejected" (signature not verified).
struct MailInfo {
  std::int64_t id = 0;
  UnixTime received = 0;
  std::string origin, sha256, message_id, subject, from;
  std::string verdict, kind, signer, detail, status;
  std::string ticket, service, topic;
  std::int64_t rows = 0;
  std::int64_t size = 0;
};

struct MailFilter {
  std::optional<std::string> verdict;
  std::optional<std::string> status;
};

struct IncidentInfo {
  std::int64_t id = 0;
  std::string ip;
  std::optional<int> port;
  std::string service;
  std::optional<std::int64_t> asn;
  std::optional<std::string> customer;  // nullopt: unassigned
  std::string status;                   // "open", "resolved"
  UnixTime first_seen = 0, last_seen = 0;
  std::optional<UnixTime> resolved_at;
  std::vector<std::string> tickets;  // every ticket that reported it, oldest first
  std::string report_class;          // of its latest report: "exposure", "vulnerability", ...
};

struct IncidentFilter {
  enum class State { open, resolved, all };
  State state = State::open;
  std::optional<std::string> customer;
  bool unassigned = false;
  std::optional<std::string> service;
  std::optional<Network> ip;  // an address is a /32 or /128
  std::optional<UnixTime> since;  // last_seen >= since
};

// What happened to one row of a stored report.
struct EventOutcome {
  std::size_t row = 0;          // index into Report::rows
  std::int64_t event_id = 0;    // the event (the existing one for a duplicate)
  std::int64_t incident_id = 0;
  bool duplicate = false;       // the same (ip, port, service, timestamp) was stored before
  std::optional<std::string> customer;  // who held the ip at the event's timestamp
  bool notify = false;          // goes into this report's notice to `customer`
};

struct OwnerMatch {
  std::string customer;
  Network network;
  UnixTime since = 0;  // valid from; the lowest value means "since the first import"
};

struct OutboxItem {
  std::int64_t id = 0;
  std::string customer, ticket, message_id, subject, from;
  std::vector<std::string> to;
  std::string bytes;
  std::string status;  // "queued", "sent", "failed"
  int attempts = 0;
  UnixTime created = 0, next_try = 0;
  std::optional<UnixTime> sent_at;
  std::string last_reply;
};

class Store {
 public:
  // Opens or creates the database (and its parent folder) and applies
  // pending migrations. Throws Failure: Exit::io when it cannot be opened,
  // Exit::temp_fail when locked past the busy timeout.
  explicit Store(const std::filesystem::path& path, int busy_timeout_ms = 10000);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  SQLite::Database& db();

  // A write transaction (BEGIN IMMEDIATE); rolls back unless committed.
  // Inside another one it is a savepoint: its own part rolls back alone.
  class Transaction {
   public:
    explicit Transaction(Store& store);
    ~Transaction();
    void commit();

   private:
    Store& store_;
    bool done_ = false;
    bool nested_ = false;  // inside another Transaction: a SAVEPOINT
  };

  // --- mails ---
  std::optional<std::int64_t> find_mail(const std::string& sha256) const;
  // Stores the raw bytes and their sha256 with status "pending".
  std::int64_t add_mail(const NewMail& mail, UnixTime received);
  void set_verification(std::int64_t mail_id, const Verification& v);  // status "rejected" unless verified
  std::vector<MailInfo> mails(const MailFilter& filter) const;
  std::optional<MailInfo> mail(std::int64_t id) const;
  std::optional<std::string> mail_raw(std::int64_t id) const;
  std::vector<std::int64_t> pending_mails() const;

  // --- reports, events, incidents ---
  // Stores the report and sets the mail's status to the report's status.
  std::int64_t add_report(std::int64_t mail_id, const Report& report);
  // Stores each row as an event (duplicates once), opens, updates or
  // reopens incidents (a resolved one only for a timestamp later than its
  // resolution), attributes each event to the customer who held its ip at
  // its timestamp, and decides `notify`: a new event for a customer whose
  // incident is new, reopened, never notified, or last notified at least
  // `remind_after_days` before `now`; marks those incidents notified at `now`.
  std::vector<EventOutcome> record_events(std::int64_t report_id, const Report& report,
                                          int remind_after_days, UnixTime now);
  std::vector<IncidentInfo> incidents(const IncidentFilter& filter) const;
  // False when there is no open incident `id`.
  bool resolve_incident(std::int64_t id, UnixTime at);

  // --- customers ---
  // Replaces the customer list in one transaction, keeping history: an
  // unchanged (network, customer) keeps its start; a network seen for the
  // first time ever is valid from the beginning of time (so the first
  // import covers scans from before it); a network that changes hands is
  // the new holder's from `now`.
  void replace_customers(const std::vector<Customer>& customers, UnixTime now);
  std::vector<Customer> customers() const;  // current list
  // Any customer ever imported: one a later import dropped has no networks.
  std::optional<Customer> customer(const std::string& id) const;
  // Longest prefix among the networks held at `at`.
  std::optional<OwnerMatch> owner_of(const IpAddress& ip, UnixTime at) const;

  // --- outbox ---
  std::int64_t enqueue(const Notice& notice, const std::string& customer,
                       std::int64_t report_id, UnixTime now);
  std::vector<OutboxItem> due(UnixTime now) const;  // queued, next_try <= now
  std::vector<OutboxItem> outbox() const;           // everything, newest first
  void mark_sent(std::int64_t id, const std::string& reply, UnixTime now);
  void mark_retry(std::int64_t id, const std::string& reply, UnixTime next_try);
  void mark_failed(std::int64_t id, const std::string& reply, UnixTime now);

 private:
  std::string path_;  // for messages
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<StatementCache> statements_;  // destroyed before db_
};

}  // namespace certbund

#pragma once
// cli: the commands of the command line, as a library (certbund_cli);
// src/cli/main.cpp only parses flags and dispatches. Each command prints
// its result to standard output, logs to standard error, returns its exit
// code, and throws Failure for what stops it.

#include <optional>
#include <string>
#include <vector>

#include "certbund/config.hpp"
#include "certbund/store.hpp"
#include "certbund/util.hpp"

namespace certbund::cli {

enum class Format { table, json, csv };

struct Global {
  std::optional<std::string> config_path;
  bool quiet = false;
  bool verbose = false;  // poll: one line per mail, not only per mailbox
};

// The clock: $CERTBUND_NOW (an ISO 8601 UTC time) when set, for tests and
// replays; the system clock otherwise.
UnixTime now();
// The config file found as --config, $CERTBUND_CONFIG, ... says, loaded;
// Failure with Exit::config when there is none or it is wrong.
Config load(const Global& global);

// What a command that touches the database starts with: the config
// loaded, and its database opened: for writing (migrated when needed) or
// read-only. A missing database is Failure(Exit::config) saying to run
// `certbund init`; only init() creates one.
enum class Access { write, read };
struct Context {
  explicit Context(const Global& global, Access access = Access::write);
  Config config;
  Store store;
};

// certbund init: creates the database (its folder 0750, the file 0640,
// whatever the umask) or applies the migrations it lacks; says which.
// Idempotent.
int init(const Global& g);

// certbund check [--smtp]: one line per check, "ok: WHAT: found (WHERE)"
// or "FAIL: WHAT: what is wrong (WHERE)": the config, then
// check_setup's. Exit 0 when all pass, 78 when the config or a check
// the operator fixes fails, else 75 (a relay that does not answer).
int check(const Global& g, bool smtp);

// certbund templates export DIR [--force]: writes the built-in templates
// to DIR for the desk to edit. Without `force` it writes nothing when one
// of them is there already (Failure(Exit::usage)).
int templates_export(const std::string& dir, bool force);

// "certbund: LINE" on stderr (control characters escaped), after
// clearing the progress line; log_line not with --quiet, problem_line
// always (what a person must look at).
void log_line(const Global& global, const std::string& line);
void problem_line(const std::string& line);

int ingest(const Global& g, const std::vector<std::string>& paths);
// Ingests what is new in each [[mailbox]] of the config, one summary line
// each (one line per mail with verbose, and for every mail a person must
// look at). Exits 0 at once, saying so, while another poll holds the lock
// beside the database (DATABASE.lock).
int poll(const Global& g);
int parse(const Global& g, const std::string& path, bool no_verify);

// A point in time given on the command line to `flag`: "YYYY-MM-DD"
// (midnight UTC; with `end_of_day`, the day's last second, so a span
// includes the day it ends with), an ISO 8601 UTC time, or a span back
// from `now`: "12h", "7d", "2w". Failure(Exit::usage) else.
UnixTime parse_when(const std::string& flag, const std::string& text, UnixTime now, bool end_of_day);

// The order of every list: by id, ascending (oldest first), unless --sort
// FIELD (ties by id); --reverse turns it round; --limit N keeps the first N.
struct ListFlags {
  std::optional<std::string> sort;
  bool reverse = false;
  std::optional<std::int64_t> limit;
};

struct IncidentQuery {
  bool open = false, resolved = false, all = false, unassigned = false;
  // customer: an id or an unambiguous part of a name; service: any case.
  std::optional<std::string> customer, service, ip, since, until;
  ListFlags list;
  Format format = Format::table;
};
int incidents(const Global& g, const IncidentQuery& q);

// Who does what a command does: `by` when given, else the login name
// (getlogin, $LOGNAME, $USER, the real user's passwd entry), else "unknown".
std::string author(const std::optional<std::string>& by);

// A person's action on incidents: --by and --note.
struct Action {
  std::optional<std::string> by, note;
};
// Resolves incidents `ids` now (see Pipeline::resolve for their queued
// notices); exit 66 when one of them is not open, after the others.
int resolve(const Global& g, const std::vector<std::int64_t>& ids, const Action& action = {});
// Opens resolved incident `id` again; 66 when it is not resolved.
int reopen(const Global& g, std::int64_t id, const Action& action);
// Adds a note to incident `id`; 66 when there is none, 64 for empty text.
int note(const Global& g, std::int64_t id, const std::string& text, const Action& action);
// One incident's story: the incident, then its scans, notices, notes and
// status changes in time order (table, CSV), or all of it as one JSON
// object. Failure(Exit::no_input) for an unknown id.
int show_incident(const Global& g, std::int64_t id, Format format);

struct MailQuery {
  std::optional<std::string> verdict, status, since, until;
  ListFlags list;
  Format format = Format::table;
};
int mails(const Global& g, const MailQuery& q);
// One stored mail: its raw bytes, or its verdict and the report read
// again from its signed content (text, JSON, or the rows as CSV in
// CERT-Bund's dialect). Failure(Exit::no_input) for an unknown id.
int show_mail(const Global& g, std::int64_t id, bool raw, Format format = Format::table);

// mails review ID: the rows a person read (--rows FILE, CERT-Bund's CSV
// dialect, "-" for stdin), or --dismiss with a --note; --by as for
// incidents. Exit 65 naming the file's problems, 66 for a mail that does
// not wait for review, 64 for neither or both of --rows and --dismiss.
struct ReviewRequest {
  std::optional<std::string> rows_file, note, by;
  bool dismiss = false;
};
int review_mail(const Global& g, std::int64_t id, const ReviewRequest& request);

// Imports the customers file; `valid_from` (a date, UTC) is when the
// change really happened, now when not given. Open unassigned incidents
// the new list covers are attributed and notified (Pipeline::import_customers).
int customers_import(const Global& g, const std::string& file, const std::optional<std::string>& valid_from = {});
int customers_list(const Global& g, Format format);
// Who held `ip` at `at` (a date, UTC; now when not given), by which
// network, since and until when.
int customers_lookup(const Global& g, const std::string& ip, const std::optional<std::string>& at = {});
// Every network customer `id` ever held, with its span; exit 66 for an
// unknown customer.
int customers_history(const Global& g, const std::string& id, Format format);

// Sends the due notices (all queued ones with `ignore_backoff`: --now),
// logs each and ends with one summary line: sent, failed, waiting to
// retry with the next try's time, in doubt. Exit 0 when nothing waits,
// 65 (`from_command`: certbund notify) when a notice failed for good in
// this run (a relay refused an address: fix the customer's data, then
// `outbox retry`), else 75 while notices wait for a retry or, in doubt,
// for the desk. With `dry_run`, writes the queued notices as .eml files
// instead. Without `from_command` (after ingest, poll, review) a failed
// notice is not an error of the command.
int notify(const Global& g, bool dry_run, bool ignore_backoff = false, bool from_command = false);
// outbox show ID: the notice's headers, addresses and their states,
// attempts, replies and the incidents it tells of (table, JSON; CSV: the
// addresses); with `raw` the message's bytes as they go out.
// Failure(Exit::no_input) for an unknown id.
int show_notice(const Global& g, std::int64_t id, Format format, bool raw = false);
// outbox retry ID: a failed or in_doubt notice queued again, due now
// (a failed one made again for the customer's current addresses first);
// outbox cancel ID: a queued, failed or in_doubt notice cancelled with
// `note`. Exit 66 when the notice is not in a state for it.
int retry_notice(const Global& g, std::int64_t id);
int cancel_notice(const Global& g, std::int64_t id, const Action& action);
int stats(const Global& g, Format format);
// Deletes what abuse mail holds of incidents resolved longer ago than
// `older_than` (a duration: "90d", "12w", "1y"), else retention.days (a
// usage error when neither is given): prints what it deletes first, then
// what it deleted; with `dry_run` only the first. Store::purge says what.
int purge(const Global& g, const std::optional<std::string>& older_than, bool dry_run);
// incidents.auto_resolve_days, as poll, ingest and notify run it: resolves
// the incidents not seen again and logs how many (nothing when none).
void resolve_not_seen(const Global& g, Store& store, const Config& config);
int reparse(const Global& g, bool all, const std::vector<std::int64_t>& ids);
int outbox(const Global& g, Format format);

}  // namespace certbund::cli

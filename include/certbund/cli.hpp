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
};

// The clock: $CERTBUND_NOW (an ISO 8601 UTC time) when set, for tests and
// replays; the system clock otherwise.
UnixTime now();
// The config file found as --config, $CERTBUND_CONFIG, ... says, loaded;
// Failure with Exit::config when there is none or it is wrong.
Config load(const Global& global);

// What a command that touches the database starts with: the config
// loaded, and its database opened (created and migrated when needed).
struct Context {
  explicit Context(const Global& global);
  Config config;
  Store store;
};
void log_line(const Global& global, const std::string& line);

int ingest(const Global& g, const std::vector<std::string>& paths);
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

int customers_import(const Global& g, const std::string& file);
int customers_list(const Global& g, Format format);
int customers_lookup(const Global& g, const std::string& ip);

int notify(const Global& g, bool dry_run);
int stats(const Global& g, Format format);
int reparse(const Global& g, bool all, const std::vector<std::int64_t>& ids);
int outbox(const Global& g, Format format);

}  // namespace certbund::cli

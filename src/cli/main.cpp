// certbund's command line: parses, dispatches, maps errors to sysexits.
// CLI11 is expensive to compile, so it lives in this one file only.

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "certbund/cli.hpp"
#include "suggest.hpp"

using namespace certbund;
using namespace certbund::cli;

namespace {

const std::map<std::string, Format> k_formats{{"table", Format::table}, {"json", Format::json}, {"csv", Format::csv}};

void add_list_flags(CLI::App* cmd, ListFlags& list, const char* fields) {
  cmd->add_option("--sort", list.sort, std::string("Order by FIELD: ") + fields + " (default id)")->type_name("FIELD");
  cmd->add_flag("--reverse", list.reverse, "Reverse the order (newest or largest first)");
  cmd->add_option("--limit", list.limit, "Print at most N")->type_name("N");
}

void add_span(CLI::App* cmd, std::optional<std::string>& since, std::optional<std::string>& until, const char* what) {
  cmd->add_option("--since", since,
                  std::string("Only ") + what + " since DATE (YYYY-MM-DD, ISO 8601 UTC, or 7d, 12h, 2w ago)")
      ->type_name("DATE");
  cmd->add_option("--until", until, std::string("Only ") + what + " until DATE (a day counts whole)")
      ->type_name("DATE");
}

void add_format(CLI::App* cmd, Format& format) {
  cmd->add_option("--format", format, "Output: table (default), json or csv")
      ->transform(CLI::Validator(
          [](std::string& value) {
            auto it = k_formats.find(value);
            if (it == k_formats.end()) return "\"" + value + "\" is not table, json or csv";
            value = std::to_string(static_cast<int>(it->second));
            return std::string();
          },
          ""))
      ->type_name("FORMAT");
}

const char* k_description =
    "certbund: CERT-Bund reports in, customer notices out.\n"
    "Reads CERT-Bund report mails, verifies their signature, stores the\n"
    "reported systems as events and incidents, finds the customer of each\n"
    "address and queues a German/English notice for each customer.\n"
    "Config: --config FILE, else $CERTBUND_CONFIG, else ./certbund.toml,\n"
    "else /etc/certbund/certbund.toml.";

const char* k_exit_codes =
    "Exit codes (sysexits.h): 0 done (also for a mail kept as unsigned, forged\n"
    "or unparsable), 64 usage, 65 bad data in a file you gave (notify: a notice\n"
    "failed for good), 66 input missing or unreadable, 74 I/O error,\n"
    "75 temporary failure (locked database, SMTP down, notices waiting: retry\n"
    "later), 78 config error. `ingest -` exits 0 or 75 only, so an MTA never\n"
    "bounces a report. Run `certbund init` first, then `check`.";

// Command-line errors in certbund's voice. CLI11's own messages ("A
// subcommand is required", "The following arguments were not expected")
// name neither the command nor a way out: each becomes one line
// "certbund: COMMAND: what", a "did you mean" when a word is close to a
// command or option there, then the command's usage.

// The deepest command the words named, as "certbund incidents show".
CLI::App* deepest(CLI::App& app) {
  CLI::App* cmd = &app;
  for (auto subs = cmd->get_subcommands(); !subs.empty(); subs = cmd->get_subcommands()) cmd = subs.front();
  return cmd;
}

std::string path_of(CLI::App* cmd) {
  std::string path;
  for (; cmd != nullptr; cmd = cmd->get_parent()) path = cmd->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

std::vector<std::string> subcommand_names(CLI::App* cmd) {
  std::vector<std::string> names;
  for (CLI::App* sub : cmd->get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// Every option `cmd` takes, its own and those of the commands above it.
std::vector<std::string> option_names(CLI::App* cmd) {
  std::vector<std::string> names;
  for (; cmd != nullptr; cmd = cmd->get_parent()) {
    for (const CLI::Option* opt : cmd->get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
      for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
      for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
    }
  }
  return names;
}

std::string hint(const std::string& word, const std::vector<std::string>& candidates) {
  auto close = did_you_mean(word, candidates);
  return close ? " (did you mean " + *close + "?)" : "";
}

// What is wrong with a word nobody took: an unknown option, command or
// argument.
std::string unexpected(CLI::App* cmd, const std::string& word) {
  if (word.starts_with("-")) {
    const std::string name = word.substr(0, word.find('='));
    return "unknown option " + name + hint(name, option_names(cmd));
  }
  auto subs = subcommand_names(cmd);
  if (subs.empty()) return "unexpected \"" + word + "\"";
  const std::string close = hint(word, subs);
  return "\"" + word + "\" is not a command" + (close.empty() ? "; give one of " + join(subs, ", ") : close);
}

std::string message_of(CLI::App& app, CLI::App* cmd, const CLI::ParseError& e) {
  if (auto left = app.remaining(true); !left.empty()) return unexpected(cmd, left.front());
  const std::string what = e.what();
  if (what.starts_with("A subcommand is required")) return "give a command: " + join(subcommand_names(cmd), ", ");
  const std::string convert = "Could not convert: ";
  if (auto eq = what.find(" = "); what.starts_with(convert) && eq != std::string::npos) {
    const std::string name = what.substr(convert.size(), eq - convert.size());
    return name + ": \"" + what.substr(eq + 3) + "\" is not a number";
  }
  // "--limit: 1 required N missing"
  if (auto colon = what.find(": "), req = what.find(" required ");
      colon != std::string::npos && req != std::string::npos && what.ends_with(" missing")) {
    const std::string type = what.substr(req + 10, what.size() - req - 10 - 8);
    return what.substr(0, colon) + ": give a value (" + type + ")";
  }
  return what;
}

// Whether the words run `ingest -` (or `ingest` alone): one mail on
// stdin, from an MTA that bounces the mail for any exit but 0 and 75.
bool mail_on_stdin(int argc, char** argv) {
  int i = 1;
  while (i < argc && std::string_view(argv[i]) != "ingest") ++i;
  if (i == argc) return false;
  for (++i; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "-c" || word == "--config") ++i;  // its value is no path
    else if (word != "-" && !word.starts_with("-")) return false;
  }
  return true;
}

int usage_error(CLI::App& app, const CLI::ParseError& e, bool stdin_mail) {
  CLI::App* cmd = deepest(app);
  const std::string path = path_of(cmd);
  const std::string where = cmd == &app ? "" : path.substr(path.find(' ') + 1) + ": ";
  std::cerr << "certbund: " << where << message_of(app, cmd, e) << '\n'
            << CLI::Formatter().make_usage(cmd, path) << "Run '" << path << " --help' for more.\n";
  // A typo in the MTA's command line is ours too: the mail waits for the fix.
  return static_cast<int>(stdin_mail ? Exit::temp_fail : Exit::usage);
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) a write fails with EFBIG and is
  // reported, rather than SIGXFSZ killing certbund with a core.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{k_description, "certbund"};
  app.require_subcommand(1);
  app.fallthrough();  // global options after the command too: "certbund incidents --config FILE"
  app.set_version_flag("--version", std::string("certbund ") + CERTBUND_VERSION);
  Global g;
  app.add_option("-c,--config", g.config_path, "Config file (TOML)");
  app.add_flag("-q,--quiet", g.quiet, "Log only problems, not one line per mail");

  auto* init_cmd = app.add_subcommand(
      "init", "Create the database (folder 0750, file 0640) or bring its schema up to date; run it first");

  bool check_smtp = false;
  auto* check_cmd = app.add_subcommand(
      "check", "Check config, database, keyring and templates (--smtp: the relay too); one line each");
  check_cmd->add_flag("--smtp", check_smtp, "Also connect to the relay: EHLO, STARTTLS, AUTH, QUIT; sends nothing");

  auto* templates_cmd = app.add_subcommand("templates", "The notice templates built into certbund");
  templates_cmd->require_subcommand(1);
  std::string export_dir;
  bool export_force = false;
  auto* export_cmd =
      templates_cmd->add_subcommand("export", "Write the built-in templates to DIR, for the desk to edit");
  export_cmd->add_option("dir", export_dir, "The folder (made when missing); then set templates.dir to it")->required();
  export_cmd->add_flag("--force", export_force, "Overwrite templates that are there already");

  std::vector<std::string> paths;
  auto* ingest_cmd = app.add_subcommand("ingest", "Store and process mails from files, mboxes, Maildirs or stdin (-)");
  ingest_cmd->add_option("paths", paths, "Mail files, mbox files, Maildir folders, or - for stdin (default)");

  auto* poll_cmd = app.add_subcommand("poll", "Ingest what is new in the config's [[mailbox]]es, for cron");
  poll_cmd->add_flag("-v,--verbose", g.verbose, "One line per mail, not only one per mailbox");

  std::string parse_path;
  bool no_verify = false;
  auto* parse_cmd = app.add_subcommand("parse", "Print one mail's parsed report as JSON; stores nothing");
  parse_cmd->add_option("path", parse_path, "The mail file")->required();
  parse_cmd->add_flag("--no-verify", no_verify, "Skip the signature check (the verdict is then \"unsigned\")");

  IncidentQuery iq;
  auto* inc_cmd = app.add_subcommand("incidents", "List incidents (open by default); show, note, resolve, reopen one");
  inc_cmd->add_flag("--open", iq.open, "Open incidents (the default)");
  inc_cmd->add_flag("--resolved", iq.resolved, "Resolved incidents");
  inc_cmd->add_flag("--all", iq.all, "Open and resolved incidents");
  inc_cmd->add_option("--customer", iq.customer, "Only this customer's (its ID, or a part of its name)")
      ->type_name("CUSTOMER");
  inc_cmd->add_flag("--unassigned", iq.unassigned, "Only addresses no customer holds");
  inc_cmd->add_option("--service", iq.service, "Only this service (memcached, redis, ...)")->type_name("SERVICE");
  inc_cmd->add_option("--ip", iq.ip, "Only this address or network (ADDR or CIDR)")->type_name("ADDR");
  add_span(inc_cmd, iq.since, iq.until, "incidents seen");
  add_list_flags(inc_cmd, iq.list,
                 "id, ip, port, service, customer, status, first_seen, last_seen, resolved_at, last_notice");
  add_format(inc_cmd, iq.format);
  std::vector<std::int64_t> resolve_ids;
  Action action;
  auto add_by = [&](CLI::App* cmd) {
    cmd->add_option("--by", action.by, "Who does it (default: your login name)")->type_name("NAME");
  };
  auto* resolve_cmd = inc_cmd->add_subcommand(
      "resolve", "Mark incidents resolved now; their queued notices are cancelled or made again without them");
  resolve_cmd->add_option("ids", resolve_ids, "Incident IDs")->required();
  resolve_cmd->add_option("--note", action.note, "Why (kept in the incident's history)")->type_name("TEXT");
  add_by(resolve_cmd);
  std::int64_t reopen_id = 0;
  auto* reopen_cmd = inc_cmd->add_subcommand("reopen", "Open a resolved incident again");
  reopen_cmd->add_option("id", reopen_id, "Incident ID")->required();
  reopen_cmd->add_option("--note", action.note, "Why (kept in the incident's history)")->type_name("TEXT");
  add_by(reopen_cmd);
  std::int64_t note_id = 0;
  std::string note_text;
  auto* note_cmd = inc_cmd->add_subcommand("note", "Add a note to an incident");
  note_cmd->add_option("id", note_id, "Incident ID")->required();
  note_cmd->add_option("text", note_text, "The note")->required();
  add_by(note_cmd);
  std::int64_t incident_id = 0;
  Format incident_format = Format::table;
  auto* inc_show_cmd = inc_cmd->add_subcommand("show", "One incident's story: events, notices, notes, history");
  inc_show_cmd->add_option("id", incident_id, "Incident ID")->required();
  add_format(inc_show_cmd, incident_format);

  MailQuery mq;
  auto* mails_cmd = app.add_subcommand("mails", "List stored mails; show one, review one that waits");
  mails_cmd->add_option("--verdict", mq.verdict,
                        "verified, unsigned, bad_signature, unknown_key, untrusted_key, expired_key, revoked_key");
  mails_cmd->add_option("--status", mq.status, "pending, parsed, needs_review, rejected or dismissed");
  add_span(mails_cmd, mq.since, mq.until, "mails received");
  add_list_flags(mails_cmd, mq.list, "id, received, verdict, status, ticket, service, rows, size");
  add_format(mails_cmd, mq.format);
  std::int64_t show_id = 0;
  bool show_raw = false;
  auto* show_cmd = mails_cmd->add_subcommand("show", "One stored mail: verdict, signer, report, rows");
  show_cmd->add_option("id", show_id, "Mail ID")->required();
  show_cmd->add_flag("--raw", show_raw, "Print the mail's raw bytes as received");
  Format show_format = Format::table;
  add_format(show_cmd, show_format);
  std::int64_t review_id = 0;
  ReviewRequest review;
  auto* review_cmd =
      mails_cmd->add_subcommand("review", "Act on a mail that waits for review: give the rows you read, or dismiss it");
  review_cmd->add_option("id", review_id, "Mail ID")->required();
  review_cmd
      ->add_option("--rows", review.rows_file,
                   "The rows you read, as CSV with a header (\"asn\",\"ip\",\"timestamp\",...); - for stdin")
      ->type_name("FILE");
  review_cmd->add_flag("--dismiss", review.dismiss, "Nothing to do: set the mail aside (needs --note)");
  review_cmd->add_option("--note", review.note, "Why")->type_name("TEXT");
  review_cmd->add_option("--by", review.by, "Who reviews (default: your login name)")->type_name("NAME");

  auto* cust_cmd = app.add_subcommand("customers", "Customers and their networks");
  cust_cmd->require_subcommand(1);
  std::string import_file, lookup_ip;
  Format cust_format = Format::table;
  auto* import_cmd = cust_cmd->add_subcommand("import", "Replace the customer list from a CSV file (keeps history)");
  import_cmd->add_option("file", import_file, "CSV: id,name,email,language,networks")->required();
  std::optional<std::string> valid_from, lookup_at;
  import_cmd->add_option("--valid-from", valid_from, "When the changes really happened (DATE, UTC; default now)");
  auto* list_cmd = cust_cmd->add_subcommand("list", "List the current customers");
  add_format(list_cmd, cust_format);
  auto* lookup_cmd =
      cust_cmd->add_subcommand("lookup", "Which customer holds an address, by which network, since when");
  lookup_cmd->add_option("ip", lookup_ip, "IPv4 or IPv6 address")->required();
  lookup_cmd->add_option("--at", lookup_at, "Who held it at DATE (UTC; default now)");
  std::string history_id;
  Format history_format = Format::table;
  auto* history_cmd = cust_cmd->add_subcommand("history", "Every network a customer held, from when until when");
  history_cmd->add_option("id", history_id, "Customer ID")->required();
  add_format(history_cmd, history_format);

  bool dry_run = false, notify_now = false;
  auto* notify_cmd = app.add_subcommand("notify", "Send the notices queued in the outbox");
  notify_cmd->add_flag("--dry-run", dry_run, "Write queued notices as .eml files (notify.dry_run_dir) instead");
  notify_cmd->add_flag("--now", notify_now, "Send every queued notice now, ignoring the retry backoff");
  Format outbox_format = Format::table;
  auto* outbox_cmd = app.add_subcommand(
      "outbox",
      "List the outbox: queued, sending, sent, failed, cancelled and in_doubt notices; show, retry, cancel one");
  add_format(outbox_cmd, outbox_format);
  std::int64_t notice_id = 0;
  bool notice_raw = false;
  Format notice_format = Format::table;
  auto* notice_show_cmd = outbox_cmd->add_subcommand(
      "show", "One notice: headers, addresses and their states, attempts, replies, incidents");
  notice_show_cmd->add_option("id", notice_id, "Notice ID")->required();
  notice_show_cmd->add_flag("--raw", notice_raw, "Print the message as it goes out");
  add_format(notice_show_cmd, notice_format);
  auto* notice_retry_cmd =
      outbox_cmd->add_subcommand("retry", "Queue a failed or in_doubt notice again, due now (for certbund notify)");
  notice_retry_cmd->add_option("id", notice_id, "Notice ID")->required();
  auto* notice_cancel_cmd = outbox_cmd->add_subcommand("cancel", "Cancel a queued, failed or in_doubt notice");
  notice_cancel_cmd->add_option("id", notice_id, "Notice ID")->required();
  notice_cancel_cmd->add_option("--note", action.note, "Why")->type_name("TEXT");
  add_by(notice_cancel_cmd);

  bool reparse_all = false;
  std::vector<std::int64_t> reparse_ids;
  auto* reparse_cmd =
      app.add_subcommand("reparse", "Verify and parse stored mails again (after an upgrade) and say what changed");
  reparse_cmd->add_flag("--all", reparse_all, "Every stored mail");
  reparse_cmd->add_option("ids", reparse_ids, "Mail IDs");

  Format stats_format = Format::table;
  auto* stats_cmd = app.add_subcommand("stats", "Counts by service, customer and mail status; median days to fix");
  add_format(stats_cmd, stats_format);

  std::optional<std::string> older_than;
  bool purge_dry_run = false;
  auto* purge_cmd =
      app.add_subcommand("purge", "Delete events, notices and raw mails of incidents resolved past retention.days");
  purge_cmd->add_option("--older-than", older_than, "Resolved longer ago than DURATION (90d, 12w, 1y)");
  purge_cmd->add_flag("--dry-run", purge_dry_run, "Only say what would be deleted");

  // Only here, so that no command's --help repeats them.
  app.footer(k_exit_codes);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(app, e, mail_on_stdin(argc, argv));
  }

  try {
    if (*init_cmd) return init(g);
    if (*check_cmd) return check(g, check_smtp);
    if (*export_cmd) return templates_export(export_dir, export_force);
    if (*ingest_cmd) return ingest(g, paths);
    if (*poll_cmd) return poll(g);
    if (*parse_cmd) return parse(g, parse_path, no_verify);
    if (*resolve_cmd) return resolve(g, resolve_ids, action);
    if (*reopen_cmd) return reopen(g, reopen_id, action);
    if (*note_cmd) return note(g, note_id, note_text, action);
    if (*inc_show_cmd) return show_incident(g, incident_id, incident_format);
    if (*inc_cmd) return incidents(g, iq);
    if (*show_cmd) return show_mail(g, show_id, show_raw, show_format);
    if (*review_cmd) return review_mail(g, review_id, review);
    if (*mails_cmd) return mails(g, mq);
    if (*import_cmd) return customers_import(g, import_file, valid_from);
    if (*list_cmd) return customers_list(g, cust_format);
    if (*lookup_cmd) return customers_lookup(g, lookup_ip, lookup_at);
    if (*history_cmd) return customers_history(g, history_id, history_format);
    if (*notify_cmd) return notify(g, dry_run, notify_now, true);
    if (*notice_show_cmd) return show_notice(g, notice_id, notice_format, notice_raw);
    if (*notice_retry_cmd) return retry_notice(g, notice_id);
    if (*notice_cancel_cmd) return cancel_notice(g, notice_id, action);
    if (*outbox_cmd) return outbox(g, outbox_format);
    if (*stats_cmd) return stats(g, stats_format);
    if (*purge_cmd) return purge(g, older_than, purge_dry_run);
    if (*reparse_cmd) return reparse(g, reparse_all, reparse_ids);
  } catch (const Failure& e) {
    problem_line(e.what());
    return static_cast<int>(e.exit());
  } catch (const std::exception& e) {
    // A bug, not bad input: 75 makes an MTA keep the mail and retry, so
    // nothing is lost while the bug is fixed.
    problem_line(std::string("internal error: ") + e.what());
    return static_cast<int>(Exit::temp_fail);
  }
  return static_cast<int>(Exit::usage);
}

#pragma once
// report: ticket, topic, scope and service from the subject; the data
// table (quoted CSV, events.csv attachment, legacy "Format:" pipe table,
// ;- or tab-separated) from the signed content. Columns by name only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certbund/ip.hpp"
#include "certbund/message.hpp"
#include "certbund/util.hpp"

namespace certbund {

struct Row {
  std::optional<std::int64_t> asn;
  IpAddress ip;  // IPv4 or IPv6, parsed once here
  std::optional<UnixTime> timestamp;
  std::optional<int> port;  // only from a column named port/Port
  // Every other column, keyed by its title as written; empty cell = nullopt.
  std::vector<std::pair<std::string, std::optional<std::string>>> extra;
};

// A row that could not be read or believed, held for a person while the
// readable rows go on: why (also one of Report::problems), and the row as
// a CSV line in the report's columns (see held_rows_csv).
struct HeldRow {
  std::string why;   // "row 3: \"x\" is not an IP address", "192.0.2.1: port 0 cannot be scanned"
  std::string line;  // "\"64496\",\"x\",\"2024-01-14 03:12:45\""
};

enum class ReportStatus { parsed, needs_review };
std::string_view to_string(ReportStatus s);  // "parsed", "needs_review"

// What a report is about; it decides the frame of the notice. exposure: a
// service open to the Internet (bind, filter, switch off); vulnerability: a
// product with known holes (update, check for compromise); infection:
// malware or a bot on the host; compromise: a system, website or mail
// account in an attacker's hands; abuse_activity: attacks sent from the
// host (brute force, scans, spam); phishing_defacement: a website showing
// phishing or a defacement.
enum class ReportClass { exposure, vulnerability, infection, compromise, abuse_activity, phishing_defacement };
// "exposure", "vulnerability", "infection", "compromise", "abuse_activity",
// "phishing_defacement".
std::string_view to_string(ReportClass c);

struct Report {
  // Labels: from a ticket line in the signed text, else from the Subject,
  // which no signature covers; they identify nothing (see signed_id).
  std::string ticket;  // "CB-Report#20171204-10001828", "CERT-Bund#2015020428001061", empty if none
  std::string topic;  // "Offene Memcached-Server", without ticket, [KRITISCH] and scope; empty when the Subject's names
                      // another service
  std::string scope;  // "AS47215", "Netzbereich 192.0.2.0/24", or empty
  std::string service;  // from the signed content only (signed_service): "memcached", ..., or "other"
  ReportClass report_class = ReportClass::exposure;  // from the signed content only: classify_report
  bool critical = false;
  ReportStatus status = ReportStatus::needs_review;
  std::vector<std::string> problems;  // why needs_review, one line each
  // What a person should know that holds nothing back (a Subject that
  // names another service than the signed content), one line each.
  std::vector<std::string> notes;
  std::vector<std::string> columns;  // titles as written
  std::vector<Row> rows;             // the rows read and believed
  std::vector<HeldRow> held;         // the rows held one by one (their whys are problems too)
  // CERT-Bund's own explanation: the signed text before the data table
  // (German and English as the mail has them), and a letter that follows
  // the table (a manual ticket's English part), for generic notices.
  std::string explanation;
};

// Parses `subject` and the signed `content`. Never throws: whatever is not
// read with confidence makes the report needs_review with a problem line,
// and so does each of `content.problems` (parts left out). The service
// comes from `content` only: when it names none, the report needs review
// whatever the Subject says; a Subject naming another one is a note.
Report parse_report(std::string_view subject, const Message& content);

// The class of `report` from what CERT-Bund signed: its columns (cve:
// vulnerability; malware, infection, family, c2: infection; webshell_path,
// malicious_code_path, email with mx: compromise), then the words of the
// signed text (a signed ticket line's topic first, then the explanation).
// Never the Subject, which is not signed. exposure when nothing decides:
// most of CERT-Bund's reports are open services.
ReportClass classify_report(const Report& report);

// True when every problem of `report` is a held row's: the report itself
// was read, its readable rows can go on while the held ones wait. False
// for a report without problems.
bool only_rows_held(const Report& report);

// The held rows as a CSV table (header of `report.columns`, a row per
// held row) that a person can correct and give to `mails review --rows`;
// empty when none is held.
std::string held_rows_csv(const Report& report);

// What a row may claim and still be believed.
struct Plausibility {
  UnixTime received = 0;            // when the mail arrived, UTC
  std::int64_t clock_skew = 86400;  // seconds a scan time may lie after `received` (limits.clock_skew)
};

// The earliest scan time believed: 1990-01-01T00:00:00Z.
constexpr UnixTime earliest_scan = 631152000;

// Holds what cannot be true: a scan time later than `p.received` plus the
// skew or before 1990, port 0 (ports above 65535 never parse). Each such
// row moves from `rows` to `held` with a problem line naming its address
// and value, and the report becomes needs_review; its other rows go on.
void hold_unbelievable(Report& report, const Plausibility& p);

// The rows a person read from a report that needs review, as they give
// them: a table in CERT-Bund's CSV dialect (a header row with "asn", "ip",
// "timestamp", ... as titles; comma, semicolon or tab; quotes optional;
// LF or CRLF). Only columns, rows and problems are filled; every cell
// that cannot be read, and a table without ip or timestamp column or
// without rows, is a problem naming its row. Status parsed when none.
Report parse_rows(std::string_view csv);

// Service key from a German or English topic: "memcached", "mongodb",
// "redis", "ssdp", "snmp", "ntp-monlist", "dns-resolver", "mssql-browser",
// "scada", "portmapper", "cldap", "ldap-tcp", "elasticsearch", "mdns", "netbios",
// "ipmi", "chargen", "ssl-freak", "ssl-poodle", "brute-force", "pop3",
// "imap", "telnet", "ssh", "rdp", "smb", "vnc", "tftp",
// "qotd", "cwmp", "exchange", "fortinet", "sharepoint", "pulse-secure",
// "smart-install", "abus-secvest", "ssl-freak", "ssl-poodle",
// "compromised-accounts", "compromised-cisco", "malware", "ddos";
// "other" when none matches.
std::string service_from_topic(std::string_view topic);

// Each service key that `text` names, with how often and where first (a
// byte offset), in the order first named; as service_from_topic reads a
// topic (word starts, case and '-' '_' '/' ignored).
struct ServiceMention {
  std::string service;
  std::size_t count = 0, first = 0;
};
std::vector<ServiceMention> services_named(std::string_view text);

// The service that what CERT-Bund signed names, and how it says so (for a
// problem line): a ticket line in the signed text ("[CB-Report#...] Offene
// Redis-Server ..."), else the links of its explanation (BSI's HowTo
// ".../Offene-Redis-Server/..."), else the service its explanation names
// most often (DDoS and malware only when no service is named), else the
// titles of its columns ("Redis version", "system_desc"), else a port all
// its rows share that is one service's own (6379: redis). nullopt when
// none says: the Subject, which is not signed, never decides.
struct SignedService {
  std::string service;
  std::string source;  // "the signed ticket line", "the explanation's link", "the explanation", "the columns", "port
                       // 6379 of every row"
};
std::optional<SignedService> signed_service(const Report& report, std::string_view signed_heading_topic);

// Every key service_from_topic can return, sorted, "other" included.
std::vector<std::string> service_keys();

}  // namespace certbund

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

#include "certbund/message.hpp"
#include "certbund/util.hpp"

namespace certbund {

struct Row {
  std::optional<std::int64_t> asn;
  std::string ip;  // canonical text form (inet_ntop), IPv4 or IPv6
  std::optional<UnixTime> timestamp;
  std::optional<int> port;  // only from a column named port/Port
  // Every other column, keyed by its title as written; empty cell = nullopt.
  std::vector<std::pair<std::string, std::optional<std::string>>> extra;
};

enum class ReportStatus { parsed, needs_review };
std::string_view to_string(ReportStatus s);  // "parsed", "needs_review"

struct Report {
  std::string ticket;  // "CB-Report#20171204-10001828", "CERT-Bund#2015020428001061", empty if none
  std::string topic;   // "Offene Memcached-Server", without ticket, [KRITISCH] and scope
  std::string scope;   // "AS47215", "Netzbereich 192.0.2.0/24", or empty
  std::string service; // "memcached", ..., or "other"
  bool critical = false;
  ReportStatus status = ReportStatus::needs_review;
  std::vector<std::string> problems;  // why needs_review, one line each
  std::vector<std::string> columns;   // titles as written
  std::vector<Row> rows;
  // CERT-Bund's own explanation: the signed text before the data table
  // (German and English as the mail has them), for generic notices.
  std::string explanation;
};

// Parses `subject` and the signed `content`. Never throws: whatever is not
// read with confidence makes the report needs_review with a problem line,
// and so does each of `content.problems` (parts left out).
Report parse_report(std::string_view subject, const Message& content);

// What a row may claim and still be believed.
struct Plausibility {
  UnixTime received = 0;            // when the mail arrived, UTC
  std::int64_t clock_skew = 86400;  // seconds a scan time may lie after `received` (limits.clock_skew)
};

// The earliest scan time believed: 1990-01-01T00:00:00Z.
constexpr UnixTime earliest_scan = 631152000;

// Holds what cannot be true: a scan time later than `p.received` plus the
// skew or before 1990, port 0 (ports above 65535 never parse). Each such
// row adds a problem line naming its address and value, and the report
// becomes needs_review: nothing of it is believed until a person looks.
void hold_unbelievable(Report& report, const Plausibility& p);

// Service key from a German or English topic: "memcached", "mongodb",
// "redis", "ssdp", "snmp", "ntp-monlist", "dns-resolver", "mssql-browser",
// "scada", "portmapper", "cldap", "elasticsearch", "mdns", "netbios",
// "ipmi", "chargen", "pop3", "imap", "telnet", "rdp", "smb", "vnc", "tftp",
// "qotd", "cwmp", "exchange", "fortinet", "sharepoint", "pulse-secure",
// "smart-install", "abus-secvest", "ssl-freak", "ssl-poodle",
// "compromised-accounts", "compromised-cisco", "malware", "ddos";
// "other" when none matches.
std::string service_from_topic(std::string_view topic);

}  // namespace certbund

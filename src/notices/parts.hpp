#pragma once
// Pieces of a notice, private to the notices stage.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/notices.hpp"
#include "certbund/signature.hpp"  // pgp_sign, check_signing_key

namespace certbund::notice_parts {

// Column titles of the customer's table in one language.
struct TableTitles {
  std::string ip, port, timestamp;
  bool english = false;  // known German values (verwundbar, ...) in English
};

// The rows as aligned text columns, each line indented by two blanks:
// IP, Port (only when a row has one), timestamp, then the extra columns
// in order of first appearance. Empty cells show "-".
std::string format_table(const std::vector<Row>& rows, const TableTitles& titles);

// The rows as CSV (RFC 4180: CRLF line ends, quoted where needed), UTF-8:
// a header line "asn,ip,port,timestamp" and the extra columns' titles in
// order of first appearance, then one line per row; timestamps ISO 8601
// UTC, empty cells empty, control characters blanked.
std::string rows_csv(const std::vector<Row>& rows);

// "2015-05-03 03:21:11".
std::string format_timestamp(UnixTime t);

// Characters, not bytes: UTF-8 continuation bytes take no column.

// Lines longer than `width` that do not start with a blank are wrapped at
// blanks; indented lines (tables, commands, quotes) are left alone.
std::string wrap_text(std::string_view text, size_t width = 72);

// Lines indented by two blanks, for quoting CERT-Bund's text.
std::string indent(std::string_view text);

// The Date header's value: "Sun, 03 May 2015 03:21:11 +0000".
std::string rfc5322_date(UnixTime t);

// "<certbund.TICKET.CUSTOMER.RANDOM@domain>" with the domain of `from`,
// ticket and customer reduced to [A-Za-z0-9-].
std::string make_message_id(std::string_view ticket, std::string_view customer, std::string_view from);

// 16 random hex digits, for Message-IDs and MIME boundaries.
std::string random_hex();

// Splits "Name <addr>" or "addr" into display name and bare address.
struct Mailbox {
  std::string name, address;
};
Mailbox parse_mailbox(std::string_view text);
// "From: ..." with an encoded display name when it needs one.
std::string from_field(const Mailbox& from);

// Signing (pgp_sign, check_signing_key) is the signature stage's: one
// GPGME wrapper for verifying and signing.

// What goes into one message; values are raw, assemble_message cleans them.
struct MailContent {
  Mailbox from;
  std::vector<std::string> to;  // bare addresses
  std::string subject, body;    // UTF-8, body with LF line ends
  std::string ticket, customer_id;
  UnixTime date = 0;
  // An attachment (UTF-8 CSV, CRLF line ends) and its file name; none when empty.
  std::string csv, csv_name;
};
// RFC 5322 + MIME with CRLF line ends: text/plain quoted-printable, or
// multipart/mixed of that and the text/csv attachment (quoted-printable)
// when mail.csv is set; either inside a PGP/MIME multipart/signed when
// config.sign_key is set, so the signature covers the attachment too.
std::string assemble_message(const MailContent& mail, const std::string& message_id, const NoticeConfig& config);

// A port to filter: 11211, "udp".
struct Port {
  int port = 0;
  std::string proto;  // "tcp" or "udp"
};

// What the advice may name, read from the customer's signed rows only.
struct Facts {
  std::string address;                // the one IP all rows share, else empty
  bool ipv6 = false;                  // address is IPv6
  std::vector<Port> ports;            // the rows' ports, else the service's usual ones
  std::vector<std::string> cves;      // "CVE-2024-21410", from a cve column
  std::vector<std::string> families;  // malware families (malware, family, infection columns)
  std::vector<std::string> c2;        // "198.51.100.9:80 (c2.example, tcp)" from dst_ip/dst_port/dst_host
  std::vector<std::string> paths;     // webshell or malicious code paths, URLs
  bool accounts = false;              // the rows name mailboxes (compromised accounts)
};
Facts facts_of(const std::vector<Row>& rows, const std::string& service);

// The notice's own title for the problem, German or English: the
// service's name for an exposure with a known service, else the class's,
// with the product when the service names one. Never the report's topic,
// which comes from the unsigned Subject.
std::string problem_title(const Report& report, const Facts& facts, bool german);

// notice_templates(dir), for the renderer.
std::map<std::string, std::string> load_templates(const std::filesystem::path& dir);

}  // namespace certbund::notice_parts

#pragma once
// notices: one mail per customer per report, from mustache templates
// (plain text, no HTML escaping), German first then English, or one
// language; per-service advice, a generic notice with CERT-Bund's own text
// for the rest. RFC 5322 + MIME, UTF-8 quoted-printable, optionally
// PGP/MIME-signed with the desk's key.

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/owners.hpp"
#include "certbund/report.hpp"
#include "certbund/util.hpp"

namespace certbund {

struct NoticeConfig {
  std::filesystem::path templates_dir;  // overrides of the built-in templates; empty: built-in only
  std::string from;                     // "abuse@example.net" or "Abuse Desk <abuse@example.net>"
  std::string sign_key;                 // fingerprint of the desk's signing key; empty: unsigned
  std::string gnupg_home;               // keyring holding sign_key's secret key
  // notify.max_rows_inline: rows listed in the notice's text; all of the
  // customer's rows then go in a CSV attachment (RFC 4180, UTF-8).
  std::int64_t max_rows_inline = 500;
};

struct Notice {
  std::string message_id;       // "<...@example.net>"
  std::string subject;          // decoded, UTF-8
  std::string from;             // envelope sender, bare address
  std::vector<std::string> to;  // bare addresses
  std::string bytes;            // the whole message, CRLF line ends
};

// One notice template: its name, the path under a templates folder
// without ".mustache" ("de/notice", "en/services/redis"), and its text.
struct TemplateFile {
  std::string_view name, text;
};

// The templates built into the binary from the source tree's templates/:
// subject, notice, partials/<name>, <class>/default and <class>/<service>
// advice, in de and en.
std::span<const TemplateFile> builtin_templates();

// The templates a renderer uses, by name: the built-in ones, each replaced
// by DIR/NAME.mustache where `dir` has that file, plus the services only
// `dir` has (de/ and en/ only). An empty `dir`: the built-in ones. Throws
// Failure(Exit::config) when `dir` is not a folder or a template does not
// parse.
std::map<std::string, std::string> notice_templates(const std::filesystem::path& dir);

// What a template set lacks: the required subject, notice, partials and
// <class>/default of each language, and each service's advice that one
// language has and the other not ("en/exposure/telnet"). Empty when
// complete.
std::vector<std::string> missing_templates(const std::map<std::string, std::string>& templates);
// The names in a template set that no notice would ever use: not
// LANG/subject, LANG/notice, LANG/partials/NAME or LANG/CLASS/NAME with
// CLASS a report class ("en/services/redis"). Empty when none.
std::vector<std::string> unused_templates(const std::map<std::string, std::string>& templates);

// What export_templates does with a file that is there already.
enum class ExistingFile {
  keep,       // left as it is, not written
  refuse,     // nothing is written: Failure(Exit::usage) naming the files there
  overwrite,  // replaced by the built-in text
};

// Writes the built-in templates to DIR/NAME.mustache (folders made), for
// an operator to edit. Returns the names written. Throws Failure(Exit::io)
// when a file cannot be written.
std::vector<std::string> export_templates(const std::filesystem::path& dir, ExistingFile existing = ExistingFile::keep);

class NoticeRenderer {
 public:
  // Throws Failure(Exit::config) when a template is missing or invalid.
  explicit NoticeRenderer(NoticeConfig config);
  // The notice for `customer` listing only `rows` (the customer's rows of
  // `report`).
  Notice render(const Report& report, const Customer& customer, const std::vector<Row>& rows, UnixTime now) const;

 private:
  NoticeConfig config_;
  // Template sources by path relative to templates_dir, without
  // ".mustache": "de/notice", "en/services/redis", ...
  std::map<std::string, std::string> templates_;
};

// CERT-Bund's explanation of the problem from its signed text (a Report's
// explanation), German and English apart, paragraphs separated by a blank
// line; empty for a language the report does not have. Decided by the
// structure of the text: each letter opens with a salutation; its
// explanation is the paragraphs before the first one addressed to the
// provider (the list, the request to fix or to inform customers, the
// timestamps, the PGP note, the contact address), plus a reference list
// the explanation cites; closings, signatures, "[English version below]",
// banners and frames between rule lines without a salutation (the
// attachment notice) are left out.
struct ProblemText {
  std::string de, en;
};
ProblemText problem_text(std::string_view signed_text);

// A plain-text mail (UTF-8, quoted-printable, lines wrapped at 72) from
// the desk's sender (config.from) to `to`, for the desk itself: the
// escalation digest. Signed as the notices are when config.sign_key is
// set. Failure(Exit::config) when config.from is no address.
Notice desk_mail(const NoticeConfig& config, const std::string& to, const std::string& subject, const std::string& body,
                 UnixTime now);

// Header-safe text: CR, LF, other C0 and C1 controls, DEL and bidi
// overrides become spaces (blank_controls).
std::string neutralise_header(std::string_view s);

// Body-safe text: the same, but LF and TAB stay.
std::string neutralise_body(std::string_view s);

// Quoted-printable (RFC 2045) of text with LF or CRLF line ends; the
// result has CRLF line ends, lines of at most 76 characters, trailing
// blanks encoded, and "From " or "." at a line start encoded so that mbox
// quoting and SMTP dot-stuffing cannot change the signed bytes.
std::string encode_quoted_printable(std::string_view text);

// One unstructured header field, "Name: value" with CRLF, the value
// neutralised, RFC 2047-encoded (UTF-8, Q) when not printable ASCII, and
// folded so that no line exceeds 78 characters.
std::string header_field(std::string_view name, std::string_view value);

// A bare addr-spec ("local@domain"): no blanks, quotes, angle brackets,
// commas or control characters.
bool is_bare_address(std::string_view s);

}  // namespace certbund

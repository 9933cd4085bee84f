#pragma once
// message: MIME decoding with mimetic. Headers (RFC 2047 words decoded),
// quoted-printable and base64, charsets (UTF-8, ISO-8859-1, Windows-1252)
// converted to UTF-8, multipart walked; text/plain parts and CSV
// attachments kept. Never throws on garbage: what cannot be read is left out.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace certbund {

// One leaf of the MIME tree that the report stage may read.
struct Part {
  std::string content_type;  // lowercase "text/plain", "text/csv", ...; "text/plain" when missing
  std::string filename;      // from Content-Disposition or Content-Type name=, RFC 2231 decoded; may be empty
  std::string text;          // decoded body, converted to UTF-8, LF line ends
  bool is_csv() const;       // text/csv, or a filename ending in .csv
};

struct Message {
  std::string subject;       // unfolded, RFC 2047 decoded, UTF-8
  std::string from;          // decoded From header
  std::string message_id;    // as written, with <>
  std::string date;          // Date header as written
  std::string content_type;  // top-level, lowercase type/subtype
  // Leaves in document order: text/plain parts and CSV attachments (other
  // leaves, HTML and binaries, are left out).
  std::vector<Part> parts;
  // What was left out of `parts` and why, one line each ("MIME parts
  // nested deeper than 64 levels were left out"); empty when nothing was.
  std::vector<std::string> problems;
};

// limits.mime_depth: multiparts and message/rfc822 parts nested deeper than
// this are not read. Real reports nest 3 levels at most.
constexpr int default_mime_depth = 64;
// limits.max_parts: MIME entities read from one mail (the mail itself
// counts). Real reports have fewer than 10.
constexpr int default_max_parts = 1000;
// limits.max_header_bytes: the longest header field (unfolded) or line
// handed to mimetic, whose header parser is slow on very long fields.
constexpr std::size_t default_max_header_bytes = 64 << 10;

// What parse_message reads of a mail at most.
struct MimeLimits {
  int depth = default_mime_depth;                       // nesting of containers; the mail is level 1
  int parts = default_max_parts;                        // entities, the mail included
  std::size_t header_bytes = default_max_header_bytes;  // one header block of a part
  MimeLimits() = default;
  MimeLimits(int max_depth) : depth(max_depth) {}  // NOLINT(google-explicit-constructor): a depth alone
};

// Parses a whole RFC 5322 message (LF or CRLF line ends), without recursion:
// containers nested deeper than `limits.depth` (the message itself is
// level 1), the parts after the first `limits.parts`, and parts whose
// header block is longer than `limits.header_bytes` are kept without their
// content, and `problems` says so.
Message parse_message(std::string_view raw, MimeLimits limits = {});

// Only the top header block of `raw` (subject, from, message id, date,
// content type; no parts): cheap and safe before the mail is stored. A
// field longer than `max_field_bytes` is read only up to that length.
Message parse_headers(std::string_view raw, std::size_t max_field_bytes = default_max_header_bytes);

// Why `raw` must not be read at all, or "" when it may: longer than
// `max_bytes` ("a mail of N bytes, more than limits.max_mail_bytes (M)"),
// a top header field longer than `max_header_bytes` unfolded, or any line
// longer than that. A single pass, no MIME parsing: safe on any input.
std::string unreadable_reason(std::string_view raw, std::size_t max_bytes, std::size_t max_header_bytes);

// Parses a MIME entity's body text of type text/plain without headers, as
// the plaintext of a cleartext signature: one text/plain part.
Message text_message(std::string subject, std::string text);

// Decodes RFC 2047 encoded words (B and Q, any iconv charset); whitespace
// between adjacent encoded words is dropped. Undecodable words stay as written.
std::string decode_rfc2047(std::string_view header_value);

// A body decoded by its Content-Transfer-Encoding (quoted-printable,
// base64; anything else passes through), with mimetic's decoders. No
// charset conversion: signatures cover the bytes as they are.
std::string decode_transfer_encoding(std::string_view body, std::string_view mechanism);

// Converts `bytes` in `charset` to UTF-8. Unknown charsets and invalid
// bytes fall back to Windows-1252, which maps every byte.
std::string to_utf8(std::string_view bytes, std::string_view charset);
// The same, but text that is UTF-8 already is moved, not copied (a
// decoded part of tens of megabytes).
std::string to_utf8_moved(std::string bytes, std::string_view charset);

}  // namespace certbund

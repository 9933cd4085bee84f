#pragma once
// Small helpers every stage shares: errors with exit codes, strings, time.

#include <cstdint>
#include <expected>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace certbund {

// Exit codes after sysexits.h: what an MTA pipe or cron expects.
enum class Exit : int {
  ok = 0,
  usage = 64,      // EX_USAGE
  data = 65,       // EX_DATAERR: bad data in a file the operator gave
  no_input = 66,   // EX_NOINPUT
  io = 74,         // EX_IOERR
  temp_fail = 75,  // EX_TEMPFAIL: the MTA will retry
  config = 78,     // EX_CONFIG
};

// A one-line error that says what and where ("customers.csv:17: ...").
struct Error {
  std::string message;
  Exit exit = Exit::data;
};

template <class T>
using Result = std::expected<T, Error>;

// Thrown where a layer gives up; caught once in main, printed, mapped to
// its exit code.
class Failure : public std::runtime_error {
 public:
  Failure(Exit exit, const std::string& message)
      : std::runtime_error(message), exit_(exit) {}
  explicit Failure(const Error& e) : Failure(e.exit, e.message) {}
  Exit exit() const { return exit_; }

 private:
  Exit exit_;
};

// ASCII whitespace trimmed from both ends.
std::string trim(std::string_view s);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
bool starts_with_ci(std::string_view s, std::string_view prefix);
bool contains_ci(std::string_view haystack, std::string_view needle);
std::vector<std::string> split(std::string_view s, char sep);
// Lines without their terminators; accepts LF and CRLF.
std::vector<std::string_view> split_lines(std::string_view s);
// Line ends canonicalised to CRLF (what SMTP and RFC 3156 signatures
// need); existing CRLFs stay as they are.
std::string to_crlf(std::string_view s);

// Characters that must not reach a terminal or a mail reader as they came
// in a mail: C0 controls (U+0000-U+001F: CR, LF, TAB and ESC included),
// DEL, C1 controls (U+0080-U+009F) and the bidi embeddings, overrides and
// isolates U+202A-U+202E, U+2066-U+2069 that reorder what is shown
// (CVE-2021-42574). `keep` lets LF and TAB through, for multi-line text.
enum class LineBreaks { escape, keep };

// For display on a terminal: each such character as a visible escape
// ("\r", "\n", "\t", "\x1b", "\x7f", "\u009b", "\u202e") and each byte that
// is not part of valid UTF-8 as "\xNN". Backslashes stay as they are, so
// escaping twice changes nothing.
std::string escape_controls(std::string_view text, LineBreaks keep = LineBreaks::escape);

// For text that goes on to others (notices): each such character replaced
// by one blank; invalid UTF-8 is left as it is.
std::string blank_controls(std::string_view text, LineBreaks keep = LineBreaks::escape);

// Seconds since the epoch, UTC.
using UnixTime = std::int64_t;

// Parses "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DDTHH:MM:SS[Z]" (with an optional
// " UTC" suffix) and "YYYY-MM-DD" as UTC. Nothing else.
std::optional<UnixTime> parse_utc_timestamp(std::string_view s);
// "2015-05-03T03:21:11Z".
std::string format_iso8601(UnixTime t);
UnixTime now_utc();

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace certbund

#pragma once
// Small helpers every stage shares: errors with exit codes, strings, time.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
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
  Failure(Exit exit, const std::string& message) : std::runtime_error(message), exit_(exit) {}
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
// `items` with `sep` between each two: join({"a", "b"}, ", ") is "a, b".
std::string join(const std::vector<std::string>& items, std::string_view sep);
// "1 notice queued" or "2 notices queued": `n`, then `one` when n is 1,
// else `many`.
std::string counted(std::size_t n, std::string_view one, std::string_view many);
// Columns UTF-8 text takes on a terminal: one per code point (continuation
// bytes take none; no East Asian wide characters in reports).
std::size_t display_width(std::string_view s);
// Lowercase hex of `bytes`, two digits per byte.
std::string hex_lower(std::string_view bytes);
// The whole file, its bytes as they are; nullopt when it is missing, a
// folder, or cannot be read.
std::optional<std::string> read_whole_file(const std::filesystem::path& file);
// Line ends canonicalised to CRLF (what SMTP and RFC 3156 signatures
// need); existing CRLFs stay as they are.
std::string to_crlf(std::string_view s);

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing beyond U+10FFFF).
bool is_valid_utf8(std::string_view s);
// `bytes` read as Windows-1252 (which covers ISO-8859-1's printable
// characters) and written as UTF-8. Every byte maps to a character.
std::string windows_1252_to_utf8(std::string_view bytes);
// Text that is valid UTF-8 whatever `bytes` hold: `bytes` themselves when
// they are valid UTF-8, else their Windows-1252 reading. Nothing is lost.
std::string valid_utf8(std::string_view bytes);

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
// True when `text` is printable ASCII only (U+0020 to U+007E): what
// escape_controls and blank_controls leave as it is, one column a byte.
bool plain_ascii(std::string_view text);

// For text that goes on to others (notices): each such character replaced
// by one blank; invalid UTF-8 is left as it is.
std::string blank_controls(std::string_view text, LineBreaks keep = LineBreaks::escape);

// Seconds since the epoch, UTC.
using UnixTime = std::int64_t;
constexpr UnixTime k_day_seconds = 24 * 60 * 60;
// A span of time as people write it: a whole number and a unit, s, m
// (minutes), h, d, w (weeks) or y (365 days): "90d", "12w", "36h", "1y".
// Seconds; nullopt for anything else, or more than a thousand years.
std::optional<UnixTime> parse_duration(std::string_view s);

// Reads an ISO 8601 (RFC 3339) date and time as seconds since the epoch,
// UTC: "YYYY-MM-DD", or that, "T" or a space, "hh:mm[:ss[.fff]]" and a
// zone: none or "Z", "UTC", "GMT" (UTC: what CERT-Bund writes) or a
// numeric offset "+01:00", "+0100", "+01" (a space may come before the
// zone). Fractions of a second are dropped. The error says what is wrong,
// as a phrase: "hour 25 is out of range", "2015-02-30 is not a day of the
// calendar", "\"CET\" is not a time zone (...)".
std::expected<UnixTime, std::string> read_timestamp(std::string_view s);
// read_timestamp without the reason.
std::optional<UnixTime> parse_utc_timestamp(std::string_view s);
// "2015-05-03T03:21:11Z".
std::string format_iso8601(UnixTime t);
// format_iso8601(t) appended to `out`, without a string of its own.
void append_iso8601(std::string& out, UnixTime t);
UnixTime now_utc();

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// SHA-256 (OpenSSL) fed piece by piece: hex() is the lowercase hex digest
// of everything fed so far, and feeding may go on after it.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&& other) noexcept;
  Sha256& operator=(Sha256&& other) noexcept;
  void update(std::string_view bytes);
  std::string hex() const;

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// What a reader of a file that only grows (an mbox) remembers of it: its
// first `size` bytes, their SHA-256 (lowercase hex), and how many
// messages they held.
struct PrefixMark {
  std::uint64_t size = 0;
  std::string sha256;
  std::uint64_t messages = 0;
  bool operator==(const PrefixMark&) const = default;
};

// An advisory lock (flock(2)) on a file, held while the object lives: an
// exclusive one by one FileLock at a time (in any process), a shared one by
// any number while nobody holds it exclusively. The kernel drops it when
// the process ends, however it ends.
class FileLock {
 public:
  enum class Mode { exclusive, shared };
  // Takes the lock on `path` (created with mode 0600 when missing) without
  // waiting: nullopt when someone else holds it. An Error (Exit::io) when
  // the file cannot be opened or locked.
  static Result<std::optional<FileLock>> try_lock(const std::string& path, Mode mode = Mode::exclusive);
  // Takes the lock, waiting as long as someone else holds it. An Error
  // (Exit::io) when the file cannot be opened or locked.
  static Result<FileLock> wait_for(const std::string& path, Mode mode);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace certbund

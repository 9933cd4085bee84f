#pragma once
// Small helpers every stage shares: errors with exit codes, strings, time.

#include <cstdint>
#include <expected>
#include <filesystem>
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

// Seconds since the epoch, UTC.
using UnixTime = std::int64_t;
constexpr UnixTime k_day_seconds = 24 * 60 * 60;

// Parses "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DDTHH:MM:SS[Z]" (with an optional
// " UTC" suffix) and "YYYY-MM-DD" as UTC. Nothing else.
std::optional<UnixTime> parse_utc_timestamp(std::string_view s);
// "2015-05-03T03:21:11Z".
std::string format_iso8601(UnixTime t);
UnixTime now_utc();

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace certbund

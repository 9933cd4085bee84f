#include <charconv>

#include "certbund/cli.hpp"

namespace certbund::cli {

namespace {

constexpr UnixTime k_day = 24 * 60 * 60;

// Seconds of a span's unit: h, d, w; 0 for anything else ("m" could be
// minutes or months, so it is neither).
UnixTime unit_seconds(char unit) {
  switch (unit) {
    case 'h': return 60 * 60;
    case 'd': return k_day;
    case 'w': return 7 * k_day;
    default: return 0;
  }
}

std::optional<UnixTime> span_back(const std::string& text, UnixTime now) {
  if (text.size() < 2) return std::nullopt;
  const UnixTime unit = unit_seconds(text.back());
  std::int64_t count = 0;
  const char* end = text.data() + text.size() - 1;
  auto [ptr, ec] = std::from_chars(text.data(), end, count);
  if (unit == 0 || ec != std::errc{} || ptr != end || count < 0 || count > 100 * 366) return std::nullopt;
  return now - count * unit;
}

}  // namespace

UnixTime parse_when(const std::string& flag, const std::string& text, UnixTime now, bool end_of_day) {
  const std::string t = trim(text);
  if (auto back = span_back(t, now)) return *back;
  if (auto at = parse_utc_timestamp(t)) {
    const bool date_only = t.size() == 10;
    return date_only && end_of_day ? *at + k_day - 1 : *at;
  }
  throw Failure(Exit::usage, flag + ": \"" + text +
                                 "\" is not a date (YYYY-MM-DD, an ISO 8601 UTC time, or 7d, 12h, 2w back from now)");
}

}  // namespace certbund::cli

#include "certbund/util.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <expected>

namespace certbund {

namespace {

constexpr std::string_view k_shape =
    "not an ISO 8601 date and time (YYYY-MM-DD hh:mm:ss, with Z, UTC or an offset like +01:00)";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A cursor over the text; each reader either takes what it wants or
// leaves the cursor where it was.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool done() const { return pos_ == s_.size(); }
  std::string_view rest() const { return s_.substr(pos_); }
  // `count` digits as a number, or nullopt.
  std::optional<int> digits(std::size_t count) {
    if (pos_ + count > s_.size()) return std::nullopt;
    int n = 0;
    for (std::size_t i = pos_; i < pos_ + count; ++i) {
      if (!is_digit(s_[i])) return std::nullopt;
      n = n * 10 + (s_[i] - '0');
    }
    pos_ += count;
    return n;
  }
  bool take(char c) {
    if (done() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  // One of `chars`, or '\0'.
  char take_any(std::string_view chars) {
    if (done() || chars.find(s_[pos_]) == std::string_view::npos) return '\0';
    return s_[pos_++];
  }
  bool take_ci(std::string_view word) {
    if (!starts_with_ci(rest(), word)) return false;
    pos_ += word.size();
    return true;
  }
  void skip_digits() {
    while (!done() && is_digit(s_[pos_])) ++pos_;
  }
  void skip_spaces() {
    while (!done() && s_[pos_] == ' ') ++pos_;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

using Reading = std::expected<UnixTime, std::string>;

std::string two(int n) { return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; }

// "hh:mm[:ss[.fff]]" as seconds of the day; fractions are dropped.
Reading time_of_day(Cursor& in) {
  auto hh = in.digits(2);
  if (!hh || !in.take(':')) return std::unexpected(std::string(k_shape));
  auto mm = in.digits(2);
  if (!mm) return std::unexpected(std::string(k_shape));
  std::optional<int> ss = 0;
  if (in.take(':') && !(ss = in.digits(2))) return std::unexpected(std::string(k_shape));
  if (in.take_any(".,")) {
    if (in.digits(1)) in.skip_digits();
    else return std::unexpected(std::string("a decimal point without digits after the seconds"));
  }
  if (*hh > 23) return std::unexpected("hour " + two(*hh) + " is out of range");
  if (*mm > 59) return std::unexpected("minute " + two(*mm) + " is out of range");
  if (*ss > 60) return std::unexpected("second " + two(*ss) + " is out of range");  // 60: a leap second
  return *hh * 3600 + *mm * 60 + *ss;
}

// The zone as seconds east of UTC: none, "Z", "UTC", "GMT", "+hh:mm",
// "+hhmm", "+hh" (or '-'), a space allowed before it.
Reading zone_offset(Cursor& in) {
  in.skip_spaces();
  std::string written(in.rest());
  if (in.take_any("Zz") || in.take_ci("UTC") || in.take_ci("GMT")) in.skip_spaces();
  if (in.done()) return 0;
  if (in.rest() != written) return std::unexpected("\"" + std::string(in.rest()) + "\" after the time zone");
  char sign = in.take_any("+-");
  if (!sign) return std::unexpected("\"" + written + "\" is not a time zone (use Z, UTC or an offset like +01:00)");
  auto hh = in.digits(2);
  std::optional<int> mm = 0;
  if (hh && !in.done()) {
    in.take(':');
    mm = in.digits(2);
  }
  if (!hh || !mm || !in.done()) return std::unexpected("\"" + written + "\" is not a UTC offset (+hh:mm or +hhmm)");
  if (*hh > 23 || *mm > 59) return std::unexpected(written + " is out of range for a UTC offset");
  int seconds = *hh * 3600 + *mm * 60;
  return sign == '-' ? -seconds : seconds;
}

}  // namespace

std::expected<UnixTime, std::string> read_timestamp(std::string_view s) {
  std::string text = trim(s);
  if (text.empty()) return std::unexpected(std::string("empty"));
  Cursor in(text);
  auto year = in.digits(4);
  std::optional<int> month, day;
  if (year && in.take('-')) month = in.digits(2);
  if (month && in.take('-')) day = in.digits(2);
  if (!day) return std::unexpected(std::string(k_shape));
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                     std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::unexpected(text.substr(0, 10) + " is not a day of the calendar");
  UnixTime t = sys_days{ymd}.time_since_epoch().count() * k_day_seconds;
  if (in.done()) return t;
  if (!in.take_any("Tt ")) return std::unexpected(std::string(k_shape));
  auto clock = time_of_day(in);
  if (!clock) return clock;
  auto offset = zone_offset(in);
  if (!offset) return offset;
  return t + *clock - *offset;
}

std::optional<UnixTime> parse_utc_timestamp(std::string_view s) {
  auto t = read_timestamp(s);
  if (!t) return std::nullopt;
  return *t;
}

namespace {

// 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years of four digits,
// written here; strftime (several times slower, with the time zone lock)
// writes the others as it always did.
constexpr UnixTime k_four_digit_first = -30610224000;
constexpr UnixTime k_four_digit_last = 253402300799;

// `count` digits of `value` at `at`, zero-padded.
char* put_digits(char* at, int value, int count) {
  for (int i = count - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
  return at + count;
}

// "YYYY-MM-DDT" of days since the epoch. The day before is kept: a list
// writes the same few days over and over (a ninth of a list of 900,000
// incidents went to the calendar and to appends of two digits).
struct DayPrefix {
  UnixTime day = 0;
  bool set = false;
  char text[11];
};

const char* day_prefix(UnixTime day) {
  thread_local DayPrefix last;
  if (last.set && last.day == day) return last.text;
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char* at = put_digits(last.text, static_cast<int>(ymd.year()), 4);
  *at++ = '-';
  at = put_digits(at, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
  *at++ = '-';
  at = put_digits(at, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
  *at = 'T';
  last.day = day;
  last.set = true;
  return last.text;
}

}  // namespace

void append_iso8601(std::string& out, UnixTime t) {
  if (t < k_four_digit_first || t > k_four_digit_last) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    out.append(buf, std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm));
    return;
  }
  const UnixTime day = t >= 0 ? t / k_day_seconds : -((-t + k_day_seconds - 1) / k_day_seconds);
  const auto second = static_cast<int>(t - day * k_day_seconds);
  char text[20];
  std::memcpy(text, day_prefix(day), 11);
  char* at = put_digits(text + 11, second / 3600, 2);
  *at++ = ':';
  at = put_digits(at, second / 60 % 60, 2);
  *at++ = ':';
  at = put_digits(at, second % 60, 2);
  *at = 'Z';
  out.append(text, sizeof text);
}

std::string format_iso8601(UnixTime t) {
  std::string out;
  out.reserve(20);
  append_iso8601(out, t);
  return out;
}

UnixTime now_utc() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace certbund

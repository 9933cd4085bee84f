#include "certbund/util.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace certbund {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::optional<UnixTime> parse_utc_timestamp(std::string_view s) {
  std::string t = trim(s);
  std::string_view v = t;
  for (std::string_view suffix : {" UTC", "Z", "+00:00", "+0000"}) {
    if (v.ends_with(suffix)) {
      v.remove_suffix(suffix.size());
      break;
    }
  }
  if (v.size() != 10 && v.size() != 19) return std::nullopt;
  if (v[4] != '-' || v[7] != '-') return std::nullopt;
  if (!all_digits(v.substr(0, 4)) || !all_digits(v.substr(5, 2)) || !all_digits(v.substr(8, 2))) {
    return std::nullopt;
  }
  int hh = 0, mm = 0, ss = 0;
  if (v.size() == 19) {
    if ((v[10] != ' ' && v[10] != 'T') || v[13] != ':' || v[16] != ':') return std::nullopt;
    if (!all_digits(v.substr(11, 2)) || !all_digits(v.substr(14, 2)) || !all_digits(v.substr(17, 2))) {
      return std::nullopt;
    }
    hh = number(v.substr(11, 2));
    mm = number(v.substr(14, 2));
    ss = number(v.substr(17, 2));
  }
  using namespace std::chrono;
  year_month_day ymd{year{number(v.substr(0, 4))}, month{static_cast<unsigned>(number(v.substr(5, 2)))},
                     day{static_cast<unsigned>(number(v.substr(8, 2)))}};
  if (!ymd.ok() || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  return sys_days{ymd}.time_since_epoch().count() * k_day_seconds + hh * 3600 + mm * 60 + ss;
}

std::string format_iso8601(UnixTime t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

UnixTime now_utc() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace certbund

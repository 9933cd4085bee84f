// Design: a From_ line is "From " SENDER DATE, the date in asctime() form
// ("Tue Jan 16 06:00:07 2024"). Writers vary (mbox(5), qmail's mbox,
// mutt's is_from): two spaces before the date, a sender that is "-" or
// MAILER-DAEMON, a time without seconds, a zone name before the year
// ("PST 2024"), an offset or "remote from HOST" after it. So the date is
// looked for after the first word, by its shape, and nothing after the
// year is checked.

#include <array>
#include <sstream>
#include <vector>

#include "sources.hpp"

namespace certbund {

namespace {

constexpr std::array<std::string_view, 7> k_days{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_digits(std::string_view s, std::size_t min, std::size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& names) {
  for (std::string_view name : names) {
    if (word == name) return true;
  }
  return false;
}

// "06:00:07" or "06:00".
bool is_clock(std::string_view s) {
  if (s.size() != 5 && s.size() != 8) return false;
  bool ok = is_digits(s.substr(0, 2), 2, 2) && s[2] == ':' && is_digits(s.substr(3, 2), 2, 2);
  return ok && (s.size() == 5 || (s[5] == ':' && is_digits(s.substr(6, 2), 2, 2)));
}

// A zone name written before the year: "PST", "CEST", "UTC".
bool is_zone_name(std::string_view s) {
  if (s.size() < 1 || s.size() > 5) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// An asctime date at words[at..]: weekday month day clock [zone] year.
bool is_date_at(const std::vector<std::string>& words, std::size_t at) {
  if (at + 5 > words.size()) return false;
  if (!is_one_of(words[at], k_days) || !is_one_of(words[at + 1], k_months)) return false;
  if (!is_digits(words[at + 2], 1, 2) || !is_clock(words[at + 3])) return false;
  std::size_t year = at + 4;
  if (is_zone_name(words[year]) && year + 1 < words.size()) ++year;
  return is_digits(words[year], 4, 4);
}

}  // namespace

bool is_from_line(std::string_view line) {
  if (!line.starts_with("From ")) return false;
  std::istringstream in{std::string(line.substr(5))};
  std::vector<std::string> words;
  // The date follows the sender: the first words are enough.
  for (std::string word; words.size() < 16 && in >> word;) words.push_back(std::move(word));
  for (std::size_t at = 1; at < words.size(); ++at) {
    if (is_date_at(words, at)) return true;
  }
  return false;
}

}  // namespace certbund

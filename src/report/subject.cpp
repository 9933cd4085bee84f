// Ticket tags, topic and scope from a subject (or a forwarded body line).

#include <arpa/inet.h>

#include <array>

#include "detail.hpp"

namespace certbund::report_detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// True when `s` at `at` holds `count` digits.
bool digits_at(std::string_view s, std::size_t at, std::size_t count) {
  if (at + count > s.size()) return false;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!is_digit(s[i])) return false;
  }
  return true;
}

// Length of the tag "[CB-Report#...]" / "[CERT-Bund#...]" at `at`, or 0.
std::size_t tag_length(std::string_view s, std::size_t at) {
  std::string_view rest = s.substr(at);
  if (starts_with_ci(rest, "[CB-Report#")) {
    bool ok =
        digits_at(rest, 11, 8) && rest.size() > 28 && rest[19] == '-' && digits_at(rest, 20, 8) && rest[28] == ']';
    return ok ? 29 : 0;
  }
  if (starts_with_ci(rest, "[CERT-Bund#")) {
    return digits_at(rest, 11, 16) && rest.size() > 27 && rest[27] == ']' ? 28 : 0;
  }
  return 0;
}

bool is_ip_network(std::string_view s) {
  std::size_t slash = s.find('/');
  std::string address(s.substr(0, slash));
  std::array<unsigned char, 16> buf{};
  bool v4 = inet_pton(AF_INET, address.c_str(), buf.data()) == 1;
  bool ok = v4 || inet_pton(AF_INET6, address.c_str(), buf.data()) == 1;
  if (slash == std::string_view::npos) return ok;
  std::string_view bits = s.substr(slash + 1);
  if (!ok || bits.empty() || bits.size() > 3 || !digits_at(bits, 0, bits.size())) return false;
  return std::stoi(std::string(bits)) <= (v4 ? 32 : 128);
}

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The run of `s` up to the first blank, comma, semicolon or bracket.
std::string_view first_token(std::string_view s) { return s.substr(0, s.find_first_of(" \t,;()[]")); }

// Length of the scope at the start of `s` ("AS47215", "Netzbereich
// 192.0.2.0/24", "network 2001:db8::/32", "country AT"), up to where the
// scope ends; 0 when `s` does not start with one. What follows a scope
// ("(Prüfung)", "- Erinnerung") is not part of it.
std::size_t scope_length(std::string_view s) {
  if (starts_with_ci(s, "AS")) {
    std::size_t end = 2;
    while (end < s.size() && is_digit(s[end])) ++end;
    bool bounded = end == s.size() || !(is_letter(s[end]) || s[end] == '_');
    return end > 2 && bounded ? end : 0;
  }
  for (std::string_view word : {"Netzbereich ", "network ", "Netz "}) {
    if (!starts_with_ci(s, word)) continue;
    std::string_view token = first_token(s.substr(word.size()));
    if (token.ends_with('.') || token.ends_with(':')) token.remove_suffix(1);  // end of a sentence
    return is_ip_network(token) ? word.size() + token.size() : 0;
  }
  if (starts_with_ci(s, "country ")) {
    bool two_letters = s.size() >= 10 && is_letter(s[8]) && is_letter(s[9]);
    return two_letters && (s.size() == 10 || !is_letter(s[10])) ? 10 : 0;
  }
  return 0;
}

}  // namespace

std::optional<Heading> read_heading(std::string_view line) {
  for (std::size_t at = line.find('['); at != std::string_view::npos; at = line.find('[', at + 1)) {
    std::size_t length = tag_length(line, at);
    if (length == 0) continue;
    Heading heading;
    heading.ticket = std::string(line.substr(at + 1, length - 2));
    std::string_view rest = line.substr(at + length);
    if (starts_with_ci(rest, "[KRITISCH]")) {
      heading.critical = true;
      rest.remove_prefix(10);
    }
    heading.topic = trim(rest);
    // "Offene SNMP-Dienste [CERT-Bund#...]": the topic came first.
    if (heading.topic.empty()) heading.topic = strip_subject_prefixes(line.substr(0, at));
    return heading;
  }
  return std::nullopt;
}

std::string strip_subject_prefixes(std::string_view subject) {
  static constexpr std::array<std::string_view, 8> prefixes{"Fwd:", "Fw:", "WG:", "AW:", "Re:", "TR:", "SV:", "VS:"};
  std::string s = trim(subject);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view prefix : prefixes) {
      if (starts_with_ci(s, prefix)) {
        s = trim(std::string_view(s).substr(prefix.size()));
        changed = true;
      }
    }
    std::size_t close = s.find(']');
    if (s.starts_with('[') && close != std::string::npos) {
      // A hoster's "[AbuseID:1A2B:1F]: " tag may end in a colon.
      std::size_t skip = close + 1 < s.size() && s[close + 1] == ':' ? close + 2 : close + 1;
      s = trim(std::string_view(s).substr(skip));
      changed = true;
    }
  }
  return s;
}

void split_scope(Heading& heading) {
  std::string lower = to_lower(heading.topic);
  for (std::size_t end = lower.size(); end > 0;) {
    std::size_t at = lower.rfind(" in ", end - 1);
    if (at == std::string::npos) return;
    std::string_view candidate = std::string_view(heading.topic).substr(at + 4);
    if (std::size_t length = scope_length(candidate)) {
      heading.scope = std::string(candidate.substr(0, length));
      heading.topic = trim(std::string_view(heading.topic).substr(0, at));
      return;
    }
    end = at;
  }
}

}  // namespace certbund::report_detail

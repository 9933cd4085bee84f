#include <algorithm>
#include <cctype>
#include <ctime>
#include <random>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

std::string id_part(std::string_view s, std::string_view fallback) {
  std::string out;
  for (unsigned char c : s) out += std::isalnum(c) && c < 0x80 ? static_cast<char>(c) : '-';
  return out.empty() ? std::string(fallback) : out;
}

// atext plus blank: a display name that needs neither quotes nor encoding.
bool is_plain_phrase(std::string_view s) {
  for (unsigned char c : s) {
    if (!(std::isalnum(c) && c < 0x80) &&
        std::string_view(" !#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool is_printable_ascii(std::string_view s) {
  return std::ranges::all_of(s, [](unsigned char c) { return c >= 0x20 && c <= 0x7e; });
}

// Keeps dots: the domain part of a Message-ID.
std::string domain_part(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((std::isalnum(c) && c < 0x80) || c == '.' || c == '-') out += static_cast<char>(c);
  }
  return out.empty() ? "localhost" : out;
}

}  // namespace

std::string random_hex() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::uint64_t v = engine(), i = 0; i < 16; ++i, v >>= 4) out += digits[v & 0xf];
  return out;
}

std::string rfc5322_date(UnixTime t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char clock[16];
  std::strftime(clock, sizeof clock, "%H:%M:%S", &tm);
  std::string day = std::to_string(tm.tm_mday);
  return std::string(days[tm.tm_wday]) + ", " + (day.size() == 1 ? "0" : "") + day + " " + months[tm.tm_mon] + " " +
         std::to_string(tm.tm_year + 1900) + " " + clock + " +0000";
}

std::string make_message_id(std::string_view ticket, std::string_view customer, std::string_view from) {
  size_t at = from.rfind('@');
  std::string_view domain = at == from.npos ? "" : from.substr(at + 1);
  return "<certbund." + id_part(ticket, "none") + "." + id_part(customer, "none") + "." + random_hex() + "@" +
         domain_part(domain) + ">";
}

Mailbox parse_mailbox(std::string_view text) {
  std::string clean = trim(neutralise_header(text));
  size_t open = clean.rfind('<');
  size_t close = clean.rfind('>');
  if (open == clean.npos || close == clean.npos || close < open) return {"", clean};
  std::string name = trim(std::string_view(clean).substr(0, open));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  return {name, trim(std::string_view(clean).substr(open + 1, close - open - 1))};
}

std::string from_field(const Mailbox& from) {
  const std::string& name = from.name;
  if (name.empty()) return "From: " + from.address + "\r\n";
  if (is_plain_phrase(name)) return "From: " + name + " <" + from.address + ">\r\n";
  if (is_printable_ascii(name)) {
    std::string quoted;
    for (char c : name) quoted += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    return "From: \"" + quoted + "\" <" + from.address + ">\r\n";
  }
  std::string field = header_field("From", name);  // encoded-words
  field.resize(field.size() - 2);
  return field + "\r\n <" + from.address + ">\r\n";
}

}  // namespace certbund::notice_parts

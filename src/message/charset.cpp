// Charset conversion to UTF-8. Latin-1 and Windows-1252 are decoded by
// table: mail labelled ISO-8859-1 very often holds Windows-1252 bytes in
// 0x80-0x9F (the euro sign, typographic quotes), so both labels get the
// Windows-1252 table. Every other charset goes through iconv; an unknown
// charset or a byte it rejects falls back to Windows-1252, which maps every
// byte, so nothing is lost.

#include <iconv.h>

#include <array>
#include <cerrno>
#include <optional>
#include <set>

#include "certbund/message.hpp"
#include "certbund/util.hpp"

namespace certbund {

namespace {

// 0x80-0x9F in Windows-1252; the five undefined bytes map to the C1 control
// of the same value, as the WHATWG encoding standard does.
constexpr std::array<char32_t, 32> windows_1252_high = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string from_windows_1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    append_utf8(out, b >= 0x80 && b < 0xA0 ? windows_1252_high[b - 0x80] : char32_t{b});
  }
  return out;
}

// Length of the UTF-8 sequence starting at s[i], or 0 if it is invalid
// (truncated, overlong, a surrogate or beyond U+10FFFF).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = at(i);
  if (b < 0x80) return 1;
  size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (n == 0 || b > 0xF4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char second = at(i + 1);
  if (b == 0xE0 && second < 0xA0) return 0;   // overlong
  if (b == 0xED && second >= 0xA0) return 0;  // surrogate
  if (b == 0xF0 && second < 0x90) return 0;   // overlong
  if (b == 0xF4 && second >= 0x90) return 0;  // beyond U+10FFFF
  return n;
}

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Converts in chunks; the final call flushes a stateful charset's shift
// state (ISO-2022-JP). Any failure but a full buffer means a rejected byte.
std::optional<std::string> iconv_to_utf8(std::string_view bytes, const std::string& charset) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string in(bytes);
  char* in_ptr = in.data();
  size_t in_left = in.size();
  std::string out;
  std::array<char, 4096> buffer;
  for (bool flushed = false; !flushed;) {
    flushed = in_left == 0;
    char* out_ptr = buffer.data();
    size_t out_left = buffer.size();
    size_t rc =
        flushed ? iconv(cd, nullptr, nullptr, &out_ptr, &out_left) : iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    out.append(buffer.data(), out_ptr);
    if (rc == static_cast<size_t>(-1) && errno != E2BIG) {
      iconv_close(cd);
      return std::nullopt;
    }
    if (rc == static_cast<size_t>(-1)) flushed = false;
  }
  iconv_close(cd);
  return out;
}

std::string normalized_charset(std::string_view charset) {
  std::string name = to_lower(trim(charset));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  return name;
}

bool is_utf8_compatible(const std::string& name) {
  static const std::set<std::string> names = {"", "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968"};
  return names.contains(name);
}

bool is_windows_1252(const std::string& name) {
  static const std::set<std::string> names = {
      "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1",       "latin-1", "l1",
      "cp819",      "ibm819",    "iso-ir-100", "cp1252",          "windows-1252", "x-cp1252"};
  return names.contains(name);
}

}  // namespace

std::string to_utf8(std::string_view bytes, std::string_view charset) {
  std::string name = normalized_charset(charset);
  if (is_utf8_compatible(name)) {
    return is_valid_utf8(bytes) ? std::string(bytes) : from_windows_1252(bytes);
  }
  if (is_windows_1252(name)) return from_windows_1252(bytes);
  if (auto converted = iconv_to_utf8(bytes, name)) return *converted;
  return from_windows_1252(bytes);
}

}  // namespace certbund

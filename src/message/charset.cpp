// Charset conversion to UTF-8. Latin-1 and Windows-1252 are decoded by
// util's table: mail labelled ISO-8859-1 very often holds Windows-1252
// bytes in 0x80-0x9F (the euro sign, typographic quotes), so both labels
// get the Windows-1252 table. Every other charset goes through iconv; an
// unknown charset or a byte it rejects falls back to Windows-1252, which
// maps every byte, so nothing is lost.

#include <iconv.h>

#include <array>
#include <cerrno>
#include <optional>
#include <set>

#include "certbund/message.hpp"
#include "certbund/util.hpp"

namespace certbund {

namespace {

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
    return valid_utf8(bytes);
  }
  if (is_windows_1252(name)) return windows_1252_to_utf8(bytes);
  if (auto converted = iconv_to_utf8(bytes, name)) return *converted;
  return windows_1252_to_utf8(bytes);
}

std::string to_utf8_moved(std::string bytes, std::string_view charset) {
  if (is_utf8_compatible(normalized_charset(charset)) && is_valid_utf8(bytes)) return bytes;
  return to_utf8(std::string_view(bytes), charset);
}

}  // namespace certbund

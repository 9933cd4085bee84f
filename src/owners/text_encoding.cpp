// Design: a customers file comes from whatever spreadsheet program the
// desk uses. UTF-8 is taken as it is (a byte-order mark dropped); a UTF-16
// "Unicode text" export is recognised by its byte-order mark and converted
// with glibc's iconv; bytes that are not valid UTF-8 are a single-byte
// export, read as Windows-1252 (util's table), of which ISO-8859-1's
// printable characters are a part. The five bytes Windows-1252 leaves
// undefined are never meant in a customers file: they fail the import with
// their line rather than become control characters in a name.

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <optional>

#include "csv.hpp"

namespace certbund {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_utf16le_bom = "\xFF\xFE";
constexpr std::string_view k_utf16be_bom = "\xFE\xFF";

std::size_t line_of(std::string_view bytes, std::size_t offset) {
  return 1 +
         static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The whole of `bytes` converted by iconv, or nullopt at the first byte
// it rejects (or a truncated sequence at the end).
std::optional<std::string> iconv_to_utf8(std::string_view bytes, const char* charset) {
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string in(bytes);
  char* in_ptr = in.data();
  std::size_t in_left = in.size();
  std::string out;
  std::array<char, 4096> buffer;
  bool ok = true;
  while (ok && in_left > 0) {
    char* out_ptr = buffer.data();
    std::size_t out_left = buffer.size();
    std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    out.append(buffer.data(), out_ptr);
    ok = rc != static_cast<std::size_t>(-1) || errno == E2BIG;
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  return out;
}

std::expected<DecodedText, CsvError> from_utf16(std::string_view bytes, const char* charset) {
  auto text = iconv_to_utf8(bytes, charset);
  if (!text || !is_valid_utf8(*text))
    return std::unexpected(CsvError{1, std::string("not valid ") + charset + " after its byte-order mark"});
  return DecodedText{std::move(*text), charset};
}

// The first byte that Windows-1252 leaves undefined, if any.
std::optional<std::size_t> undefined_in_windows_1252(std::string_view bytes) {
  std::size_t at = bytes.find_first_of("\x81\x8D\x8F\x90\x9D");
  if (at == std::string_view::npos) return std::nullopt;
  return at;
}

bool uses_0x80_to_0x9f(std::string_view bytes) {
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 && b < 0xA0) return true;
  }
  return false;
}

}  // namespace

std::expected<DecodedText, CsvError> decode_text(std::string owned) {
  const std::string_view bytes = owned;
  if (bytes.starts_with(k_utf16le_bom)) return from_utf16(bytes.substr(2), "UTF-16LE");
  if (bytes.starts_with(k_utf16be_bom)) return from_utf16(bytes.substr(2), "UTF-16BE");
  if (bytes.starts_with(k_utf8_bom)) {
    std::string_view rest = bytes.substr(k_utf8_bom.size());
    if (!is_valid_utf8(rest)) return std::unexpected(CsvError{1, "not valid UTF-8 after its byte-order mark"});
    return DecodedText{std::string(rest), "UTF-8 with BOM"};
  }
  if (is_valid_utf8(bytes)) return DecodedText{std::move(owned), "UTF-8"};
  if (auto at = undefined_in_windows_1252(bytes)) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[*at]));
    return std::unexpected(CsvError{line_of(bytes, *at),
                                    std::string("byte ") + hex + " is not text in UTF-8, Windows-1252 or ISO-8859-1"});
  }
  return DecodedText{windows_1252_to_utf8(bytes), uses_0x80_to_0x9f(bytes) ? "Windows-1252" : "ISO-8859-1"};
}

}  // namespace certbund

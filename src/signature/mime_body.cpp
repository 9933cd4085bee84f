#include "mime.hpp"

#include <array>
#include <optional>

#include "certbund/util.hpp"

namespace certbund::mime {

namespace {

enum class Delimiter { none, open, close };

Delimiter delimiter_kind(std::string_view line, std::string_view boundary) {
  if (line.size() < boundary.size() + 2 || !line.starts_with("--") ||
      line.substr(2, boundary.size()) != boundary) {
    return Delimiter::none;
  }
  std::string_view rest = line.substr(boundary.size() + 2);
  bool close = rest.starts_with("--");
  if (close) rest.remove_prefix(2);
  if (rest.find_first_not_of(" \t\r") != std::string_view::npos) return Delimiter::none;
  return close ? Delimiter::close : Delimiter::open;
}

// Where the part that runs up to the delimiter line at `line_start` ends:
// the line break before the delimiter belongs to the delimiter.
size_t part_end(std::string_view body, size_t part_start, size_t line_start) {
  size_t end = line_start;
  if (end > part_start && body[end - 1] == '\n') --end;
  if (end > part_start && body[end - 1] == '\r') --end;
  return end;
}

}  // namespace

std::vector<std::string_view> multipart_parts(std::string_view body, std::string_view boundary) {
  std::vector<std::string_view> parts;
  std::optional<size_t> start;
  for (size_t pos = 0; pos < body.size();) {
    size_t eol = body.find('\n', pos);
    size_t next = eol == std::string_view::npos ? body.size() : eol + 1;
    Delimiter kind = delimiter_kind(body.substr(pos, next - pos - (eol != std::string_view::npos)),
                                    boundary);
    if (kind != Delimiter::none) {
      if (start) parts.push_back(body.substr(*start, part_end(body, *start, pos) - *start));
      if (kind == Delimiter::close) return parts;
      start = next;
    }
    pos = next;
  }
  return parts;  // no close delimiter: the last part is left out as truncated
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string decode_quoted_printable(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out += in[i];
    } else if (i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) {
      bool crlf = in[i + 1] == '\r' && i + 2 < in.size() && in[i + 2] == '\n';
      i += crlf ? 2 : 1;  // soft line break
    } else if (i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
      i += 2;
    } else {
      out += '=';
    }
  }
  return out;
}

constexpr std::array<int, 256> base64_table() {
  std::array<int, 256> t{};
  t.fill(-1);
  std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < alphabet.size(); ++i) {
    t[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  }
  return t;
}

std::string decode_base64(std::string_view in) {
  static constexpr auto table = base64_table();
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = table[static_cast<unsigned char>(c)];
    if (v < 0) continue;  // line breaks, padding, garbage
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string decode_body(std::string_view body, std::string_view transfer_encoding) {
  std::string cte = to_lower(trim(transfer_encoding));
  if (cte == "quoted-printable") return decode_quoted_printable(body);
  if (cte == "base64") return decode_base64(body);
  return std::string(body);
}

std::string to_crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 32);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out += '\r';
    out += s[i];
  }
  return out;
}

}  // namespace certbund::mime

// Design: one decoder decides what a control is, for both the display
// escaping and the blanking in notices, so the two can never disagree.

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "certbund/util.hpp"

namespace certbund {

namespace {

// One UTF-8 sequence (or one stray byte) at the front of some text.
struct Unit {
  std::size_t length = 1;
  std::uint32_t code = 0;  // the code point; the byte when !valid
  bool valid = true;
};

// Decodes strictly (RFC 3629): no overlong forms, no surrogates, nothing
// above U+10FFFF. A broken sequence is one invalid byte.
Unit next_unit(std::string_view s) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) return {1, lead, true};
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  std::uint32_t code = length == 4 ? lead & 0x07u : length == 3 ? lead & 0x0Fu : lead & 0x1Fu;
  Unit invalid{1, lead, false};
  if (length == 0 || lead > 0xF4 || s.size() < length) return invalid;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return invalid;
    code = (code << 6) | (byte(i) & 0x3Fu);
  }
  static constexpr std::uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < min_for_length[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return invalid;
  return {length, code, true};
}

bool is_bidi_control(std::uint32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

bool is_control(const Unit& u, LineBreaks keep) {
  if (!u.valid) return false;
  if (keep == LineBreaks::keep && (u.code == '\n' || u.code == '\t')) return false;
  return u.code < 0x20 || u.code == 0x7F || (u.code >= 0x80 && u.code <= 0x9F) || is_bidi_control(u.code);
}

std::string escape_of(const Unit& u) {
  if (u.valid && u.code == '\r') return "\\r";
  if (u.valid && u.code == '\n') return "\\n";
  if (u.valid && u.code == '\t') return "\\t";
  char buffer[16];
  if (!u.valid || u.code < 0x80) {
    std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(u.code));
  } else {
    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(u.code));
  }
  return buffer;
}

// `text` with every control (and, when `invalid_too`, every invalid byte)
// replaced by what `replace` makes of it.
template <class Replace>
std::string replaced(std::string_view text, LineBreaks keep, bool invalid_too, Replace replace) {
  std::string out;
  out.reserve(text.size());
  std::size_t kept = 0;  // text[kept, at) is copied as one run
  std::size_t at = 0;
  while (at < text.size()) {
    auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x7F) {  // printable ASCII: no decoding needed
      ++at;
      continue;
    }
    Unit u = next_unit(text.substr(at));
    if (is_control(u, keep) || (invalid_too && !u.valid)) {
      out.append(text.substr(kept, at - kept));
      out += replace(u);
      kept = at + u.length;
    }
    at += u.length;
  }
  out.append(text.substr(kept));
  return out;
}

}  // namespace

namespace {
constexpr std::uint64_t k_bytes_of(unsigned char b) { return 0x0101010101010101u * b; }

// Whether one of the 8 bytes of `w` is below 0x20 or above 0x7E: its top
// bit set, or set by adding 1 (0x7F), or set by taking 0x20 from a byte
// whose top bit was clear (below 0x20). A carry or borrow crosses into
// the next byte only from a byte that is itself outside.
bool any_outside(std::uint64_t w) {
  return ((w | (w + k_bytes_of(0x01)) | ((w - k_bytes_of(0x20)) & ~w)) & k_bytes_of(0x80)) != 0;
}
}  // namespace

bool plain_ascii(std::string_view text) {
  // Eight bytes at a time (a list of a million incidents asks for every
  // cell), the last eight or two overlapping fours read whole: no call to
  // memcpy for a length known only here.
  const char* at = text.data();
  const std::size_t size = text.size();
  std::uint64_t w;
  if (size >= 8) {
    for (std::size_t i = 0; i + 8 < size; i += 8) {
      std::memcpy(&w, at + i, 8);
      if (any_outside(w)) return false;
    }
    std::memcpy(&w, at + size - 8, 8);
    return !any_outside(w);
  }
  if (size >= 4) {
    std::uint32_t front, back;
    std::memcpy(&front, at, 4);
    std::memcpy(&back, at + size - 4, 4);
    return !any_outside(front | std::uint64_t{back} << 32);
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (at[i] < 0x20 || at[i] >= 0x7F) return false;  // char may be signed: bytes from 0x80 are negative
  }
  return true;
}

std::string escape_controls(std::string_view text, LineBreaks keep) {
  if (plain_ascii(text)) return std::string(text);  // the common case, without decoding
  return replaced(text, keep, true, escape_of);
}

std::string blank_controls(std::string_view text, LineBreaks keep) {
  return replaced(text, keep, false, [](const Unit&) { return std::string(" "); });
}

}  // namespace certbund

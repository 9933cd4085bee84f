// RFC 2047 encoded words in headers. The text is cut into encoded words
// and plain runs; whitespace between two encoded words is dropped, and
// adjacent words in the same charset are joined as bytes before conversion,
// so a multibyte character split across two words (common in long folded
// subjects) still decodes. Raw 8-bit text outside words is taken as UTF-8,
// else Windows-1252.

#include <mimetic/mimetic.h>

#include <iterator>
#include <optional>
#include <vector>

#include "certbund/message.hpp"
#include "certbund/util.hpp"

namespace certbund {

namespace {

struct Segment {
  bool encoded = false;
  std::string charset;  // for encoded words
  std::string bytes;    // decoded bytes of a word, or the plain text
  bool is_blank() const { return bytes.find_first_not_of(" \t\r\n") == std::string::npos; }
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode_q(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    bool escape = text[i] == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0;
    if (escape) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '_' ? ' ' : text[i];
    }
  }
  return out;
}

std::string decode_b(std::string_view text) {
  std::string out;
  mimetic::Base64::Decoder decoder;
  mimetic::decode(text.begin(), text.end(), decoder, std::back_inserter(out));
  return out;
}

bool has_space(std::string_view s) { return s.find_first_of(" \t\r\n") != std::string_view::npos; }

// The encoded word at the start of `s` ("=?charset?B|Q?text?="), with the
// number of characters it spans; nullopt if `s` does not start with one.
std::optional<std::pair<Segment, size_t>> read_encoded_word(std::string_view s) {
  if (!s.starts_with("=?")) return std::nullopt;
  size_t q1 = s.find('?', 2);
  if (q1 == std::string_view::npos || q1 + 3 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  size_t q3 = s.find('?', q1 + 3);
  if (q3 == std::string_view::npos || q3 + 1 >= s.size() || s[q3 + 1] != '=') return std::nullopt;
  std::string_view charset = s.substr(2, q1 - 2);
  std::string_view text = s.substr(q1 + 3, q3 - q1 - 3);
  char encoding = s[q1 + 1];
  if (charset.empty() || has_space(charset) || has_space(text)) return std::nullopt;
  Segment word{true, std::string(charset.substr(0, charset.find('*'))), ""};  // RFC 2231 *language
  if (encoding == 'q' || encoding == 'Q') {
    word.bytes = decode_q(text);
  } else if (encoding == 'b' || encoding == 'B') {
    word.bytes = decode_b(text);
  } else {
    return std::nullopt;
  }
  return std::pair{word, q3 + 2};
}

std::vector<Segment> segments_of(std::string_view value) {
  std::vector<Segment> out;
  for (size_t i = 0; i < value.size();) {
    if (auto word = read_encoded_word(value.substr(i))) {
      out.push_back(word->first);
      i += word->second;
      continue;
    }
    if (out.empty() || out.back().encoded) out.push_back(Segment{});
    out.back().bytes += value[i++];
  }
  return out;
}

// Drops blanks between encoded words and joins same-charset neighbours.
std::vector<Segment> merged(const std::vector<Segment>& segments) {
  std::vector<Segment> out;
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    bool between_words = i > 0 && i + 1 < segments.size() && segments[i - 1].encoded && segments[i + 1].encoded;
    if (!s.encoded && between_words && s.is_blank()) continue;
    if (s.encoded && !out.empty() && out.back().encoded && to_lower(out.back().charset) == to_lower(s.charset)) {
      out.back().bytes += s.bytes;
    } else {
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace

std::string decode_rfc2047(std::string_view header_value) {
  std::string out;
  for (const Segment& s : merged(segments_of(header_value))) {
    out += to_utf8(s.bytes, s.encoded ? s.charset : "utf-8");
  }
  return out;
}

}  // namespace certbund

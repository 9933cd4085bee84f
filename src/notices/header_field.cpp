#include <algorithm>
#include <cctype>

#include "certbund/notices.hpp"

namespace certbund {

namespace {

constexpr size_t max_line = 78;
constexpr size_t max_word = 75;  // RFC 2047 limit for one encoded-word
const std::string open = "=?UTF-8?Q?", close = "?=";

bool is_plain_word(std::string_view s) {
  return std::ranges::all_of(s, [](unsigned char c) { return c > 0x20 && c < 0x7f; }) && s.find("=?") == s.npos;
}

size_t utf8_length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// Q encoding with the characters RFC 2047 allows in a phrase, so the same
// words serve Subject and display names.
std::string q_encode_char(std::string_view ch) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : ch) {
    if (c == ' ') {
      out += '_';
    } else if ((std::isalnum(c) && c < 0x80) ||
               std::string_view("!*+-/").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += {'=', digits[c >> 4], digits[c & 0xf]};
    }
  }
  return out;
}

// Builds the folded field: a blank before each token, or CRLF and blank
// when the token would not fit on the line.
class Folder {
 public:
  explicit Folder(std::string_view name) : out_(std::string(name) + ":"), column_(out_.size()) {}

  void add(const std::string& token) {
    if (column_ + 1 + token.size() > max_line) {  // may fold right after the colon
      out_ += "\r\n";
      column_ = 0;
    }
    out_ += " " + token;
    column_ += 1 + token.size();
  }
  // Room left on this line for a token, or a fresh line's when too little.
  size_t room() const {
    size_t left = max_line - std::min(max_line, column_ + 1);
    return left < open.size() + close.size() + 12 ? max_word : std::min(left, max_word);
  }
  std::string done() { return out_ + "\r\n"; }

 private:
  std::string out_;
  size_t column_;
};

// Encoded-words for `text`, never splitting a UTF-8 character; blanks
// between them are ignored by decoders.
void add_encoded(Folder& folder, std::string_view text) {
  std::string word = open;
  size_t limit = folder.room();
  while (!text.empty()) {
    size_t n = std::min(utf8_length(static_cast<unsigned char>(text[0])), text.size());
    std::string enc = q_encode_char(text.substr(0, n));
    text.remove_prefix(n);
    if (word.size() + enc.size() + close.size() > limit) {
      folder.add(word + close);
      word = open;
      limit = max_word;
    }
    word += enc;
  }
  folder.add(word + close);
}

}  // namespace

// Plain words stay readable; each run of words that need encoding becomes
// encoded-words, the blanks inside the run encoded with it.
std::string header_field(std::string_view name, std::string_view value) {
  Folder folder(name);
  std::string run;
  for (const std::string& word : split(neutralise_header(value), ' ')) {
    if (is_plain_word(word) || word.empty()) {
      if (!run.empty()) add_encoded(folder, run);
      run.clear();
      folder.add(word);
    } else {
      run += run.empty() ? word : " " + word;
    }
  }
  if (!run.empty()) add_encoded(folder, run);
  return folder.done();
}

}  // namespace certbund

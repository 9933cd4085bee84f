#include "csv.hpp"

namespace certbund {

namespace {
// A cursor over the text that counts lines as it goes.
class CsvParser {
 public:
  CsvParser(std::string_view text, char separator) : text_(text), separator_(separator) {}

  std::expected<std::vector<CsvRecord>, CsvError> records() {
    std::vector<CsvRecord> out;
    while (pos_ < text_.size()) {
      CsvRecord record{line_, {}};
      if (auto ok = read_record(record.fields); !ok) return std::unexpected(ok.error());
      out.push_back(std::move(record));
    }
    return out;
  }

 private:
  std::expected<void, CsvError> read_record(std::vector<std::string>& fields) {
    for (;;) {
      auto field = peek() == '"' ? read_quoted() : read_plain();
      if (!field) return std::unexpected(field.error());
      fields.push_back(std::move(*field));
      if (at_end() || text_[pos_] != separator_) return end_of_line();
      ++pos_;
    }
  }

  std::expected<std::string, CsvError> read_plain() {
    const auto start = pos_;
    while (!at_field_end()) {
      if (text_[pos_] == '"') return fail("a quote inside an unquoted field");
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  std::expected<std::string, CsvError> read_quoted() {
    const auto start_line = line_;
    std::string out;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      const char c = text_[pos_];
      if (c == '"' && peek(1) != '"') {
        ++pos_;
        if (!at_field_end()) return fail("text after a closing quote");
        return out;
      }
      if (c == '"') ++pos_;  // a doubled quote stands for one
      if (c == '\n') ++line_;
      out += c;
    }
    return std::unexpected(CsvError{start_line, "a quoted field is not closed"});
  }

  std::expected<void, CsvError> end_of_line() {
    if (peek() == '\r') ++pos_;
    if (!at_end() && text_[pos_] != '\n') return fail("a stray carriage return");
    if (!at_end()) ++pos_;
    ++line_;
    return {};
  }

  std::unexpected<CsvError> fail(std::string what) const { return std::unexpected(CsvError{line_, std::move(what)}); }
  bool at_end() const { return pos_ >= text_.size(); }
  bool at_field_end() const {
    return at_end() || text_[pos_] == separator_ || text_[pos_] == '\n' || text_[pos_] == '\r';
  }
  // The character `ahead` of the cursor; NUL past the end.
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  std::string_view text_;
  char separator_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};
}  // namespace

std::expected<std::vector<CsvRecord>, CsvError> parse_csv(std::string_view text, char separator) {
  return CsvParser(text, separator).records();
}

char detect_separator(std::string_view text) {
  constexpr std::string_view candidates = ",;\t";
  std::size_t counts[3] = {};
  bool quoted = false;
  for (char c : text.substr(0, text.find('\n'))) {
    if (c == '"') quoted = !quoted;
    std::size_t which = candidates.find(c);
    if (!quoted && which != std::string_view::npos) ++counts[which];
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return candidates[best];
}

}  // namespace certbund

#include "csv.hpp"

namespace certbund {

std::expected<bool, CsvError> CsvReader::next(CsvRecord& record) {
  if (at_end()) return false;
  record.line = line_;
  std::size_t count = 0;
  for (;;) {
    if (count == record.fields.size()) record.fields.emplace_back();
    std::string& field = record.fields[count++];
    auto ok = peek() == '"' ? read_quoted(field) : read_plain(field);
    if (!ok) return std::unexpected(ok.error());
    if (at_end() || text_[pos_] != separator_) break;
    ++pos_;
  }
  record.fields.resize(count);
  if (auto ok = end_of_line(); !ok) return std::unexpected(ok.error());
  return true;
}

std::expected<void, CsvError> CsvReader::read_plain(std::string& out) {
  const auto start = pos_;
  while (!at_field_end()) {
    if (text_[pos_] == '"') return fail("a quote inside an unquoted field");
    ++pos_;
  }
  out.assign(text_.substr(start, pos_ - start));
  return {};
}

std::expected<void, CsvError> CsvReader::read_quoted(std::string& out) {
  const auto start_line = line_;
  out.clear();
  for (++pos_; pos_ < text_.size(); ++pos_) {
    const char c = text_[pos_];
    if (c == '"' && peek(1) != '"') {
      ++pos_;
      if (!at_field_end()) return fail("text after a closing quote");
      return {};
    }
    if (c == '"') ++pos_;  // a doubled quote stands for one
    if (c == '\n') ++line_;
    out += c;
  }
  return std::unexpected(CsvError{start_line, "a quoted field is not closed"});
}

std::expected<void, CsvError> CsvReader::end_of_line() {
  if (peek() == '\r') ++pos_;
  if (!at_end() && text_[pos_] != '\n') return fail("a stray carriage return");
  if (!at_end()) ++pos_;
  ++line_;
  return {};
}

std::unexpected<CsvError> CsvReader::fail(std::string what) const {
  return std::unexpected(CsvError{line_, std::move(what)});
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

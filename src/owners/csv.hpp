#pragma once
// RFC 4180 records: quoted fields may hold the separator, doubled quotes
// and line breaks; LF or CRLF line ends. The separator is ',' or what a
// spreadsheet wrote instead (';', tab). Private to the owners stage.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/util.hpp"

namespace certbund {

struct CsvRecord {
  std::size_t line = 0;  // where the record starts, from 1
  std::vector<std::string> fields;
};

struct CsvError {
  std::size_t line = 0;
  std::string what;
};

// The records of `text`, one at a time: a list of a million networks is
// read without holding every record (and its strings) at once.
class CsvReader {
 public:
  // `text` must outlive the reader.
  explicit CsvReader(std::string_view text, char separator = ',') : text_(text), separator_(separator) {}

  // Reads the next record into `record`, reusing its strings' buffers;
  // false at the end of the text; the CsvError of the first broken record.
  std::expected<bool, CsvError> next(CsvRecord& record);

 private:
  std::expected<void, CsvError> read_plain(std::string& out);
  std::expected<void, CsvError> read_quoted(std::string& out);
  std::expected<void, CsvError> end_of_line();
  std::unexpected<CsvError> fail(std::string what) const;
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

// The separator the header line (the first line of `text`) uses: whichever
// of ',', ';' and tab it holds most often outside quotes, ',' on a tie or
// when it holds none. German spreadsheet programs write ';'.
char detect_separator(std::string_view text);

// A customers file's bytes as UTF-8 text, and the encoding they were read
// in: "UTF-8", "UTF-8 with BOM", "UTF-16LE"/"UTF-16BE" (with a BOM, as
// "Unicode text" exports write them), else "Windows-1252" when a byte in
// 0x80-0x9F is used as Windows-1252 uses it, else "ISO-8859-1". Bytes that
// fit none of them are a CsvError naming the line.
struct DecodedText {
  std::string text;
  std::string encoding;
};
// `bytes` is taken, not copied, when it is UTF-8 without a BOM already.
std::expected<DecodedText, CsvError> decode_text(std::string bytes);

}  // namespace certbund

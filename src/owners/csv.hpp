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

std::expected<std::vector<CsvRecord>, CsvError> parse_csv(std::string_view text, char separator = ',');

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
std::expected<DecodedText, CsvError> decode_text(std::string_view bytes);

}  // namespace certbund

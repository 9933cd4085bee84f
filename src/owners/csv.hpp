#pragma once
// RFC 4180 records: quoted fields may hold commas, doubled quotes and line
// breaks; LF or CRLF line ends. Private to the owners stage.

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

std::expected<std::vector<CsvRecord>, CsvError> parse_csv(std::string_view text);

}  // namespace certbund

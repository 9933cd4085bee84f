#pragma once
// States (certbund/states.hpp) read back from their TEXT columns: the
// store's SQL boundary. Private to the store stage.

#include <SQLiteCpp/Column.h>

#include <optional>
#include <string>
#include <string_view>

#include "certbund/util.hpp"

namespace certbund {

// The state named in column `c`, read by `parse` (one of the
// *_from_string functions). Text the schema's CHECK should have kept out
// is a Failure with Exit::data naming the column and the text.
template <class Parse>
auto column_state(const SQLite::Column& c, Parse parse) {
  // The text where SQLite keeps it, not a copy (a list reads two per row).
  const char* data = c.getText();  // before getBytes, as SQLite asks
  const std::string_view text(data, static_cast<std::size_t>(c.getBytes()));
  auto value = parse(text);
  if (!value) {
    throw Failure(Exit::data,
                  std::string("column ") + c.getName() + ": unexpected value \"" + std::string(text) + "\"");
  }
  return *value;
}

// As column_state, but an empty text (not set yet) is nullopt.
template <class Parse>
auto optional_column_state(const SQLite::Column& c, Parse parse) -> std::optional<decltype(column_state(c, parse))> {
  if (c.getString().empty()) return std::nullopt;
  return column_state(c, parse);
}

}  // namespace certbund

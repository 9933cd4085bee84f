// Design: every kind of source hands its messages out through
// Source::next(), the one place where the envelope lines a message may
// carry before its headers are dropped: a single mail piped in, a saved
// .eml, a Maildir file and an mbox message whose first line was quoted
// (">From ") all look the same afterwards, and the same mail read from two
// kinds of source has the same bytes, so the store knows it again.

#include <algorithm>
#include <string_view>

#include "certbund/source.hpp"

namespace certbund {

namespace {

// "From x ...", ">From x ...", ">>From ..."; not "From:" or "From :".
bool is_envelope_line(std::string_view line) {
  line.remove_prefix(std::min(line.find_first_not_of('>'), line.size()));
  if (!line.starts_with("From ")) return false;
  std::size_t after = line.find_first_not_of(" \t", 4);
  return after == std::string_view::npos || line[after] != ':';
}

}  // namespace

std::string without_envelope_lines(std::string bytes) {
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('\n', start);
    std::string_view line = std::string_view(bytes).substr(start, end == std::string::npos ? end : end - start);
    if (!is_envelope_line(line)) break;
    start = end == std::string::npos ? bytes.size() : end + 1;
  }
  bytes.erase(0, start);
  return bytes;
}

Result<std::optional<RawMessage>> Source::next() {
  auto message = read();
  if (message && *message) (*message)->bytes = without_envelope_lines(std::move((*message)->bytes));
  return message;
}

}  // namespace certbund

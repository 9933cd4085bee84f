#include "mime.hpp"

#include <optional>

#include "certbund/util.hpp"

namespace certbund::mime {

namespace {

enum class Delimiter { none, open, close };

Delimiter delimiter_kind(std::string_view line, std::string_view boundary) {
  if (line.size() < boundary.size() + 2 || !line.starts_with("--") || line.substr(2, boundary.size()) != boundary) {
    return Delimiter::none;
  }
  std::string_view rest = line.substr(boundary.size() + 2);
  bool close = rest.starts_with("--");
  if (close) rest.remove_prefix(2);
  if (rest.find_first_not_of(" \t\r") != std::string_view::npos) return Delimiter::none;
  return close ? Delimiter::close : Delimiter::open;
}

// Where the part that runs up to the delimiter line at `line_start` ends:
// the line break before the delimiter belongs to the delimiter.
size_t part_end(std::string_view body, size_t part_start, size_t line_start) {
  size_t end = line_start;
  if (end > part_start && body[end - 1] == '\n') --end;
  if (end > part_start && body[end - 1] == '\r') --end;
  return end;
}

}  // namespace

std::vector<std::string_view> multipart_parts(std::string_view body, std::string_view boundary) {
  std::vector<std::string_view> parts;
  std::optional<size_t> start;
  for (size_t pos = 0; pos < body.size();) {
    size_t eol = body.find('\n', pos);
    size_t next = eol == std::string_view::npos ? body.size() : eol + 1;
    Delimiter kind = delimiter_kind(body.substr(pos, next - pos - (eol != std::string_view::npos)), boundary);
    if (kind != Delimiter::none) {
      if (start) parts.push_back(body.substr(*start, part_end(body, *start, pos) - *start));
      if (kind == Delimiter::close) return parts;
      start = next;
    }
    pos = next;
  }
  return parts;  // no close delimiter: the last part is left out as truncated
}

}  // namespace certbund::mime

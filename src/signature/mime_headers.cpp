#include "mime.hpp"

#include "certbund/util.hpp"

namespace certbund::mime {

namespace {

// Offset just after the line that starts at `pos`, and that line's length
// without its terminator.
std::pair<size_t, size_t> line_at(std::string_view s, size_t pos) {
  size_t end = s.find('\n', pos);
  if (end == std::string_view::npos) return {s.size(), s.size() - pos};
  size_t len = end - pos;
  if (len > 0 && s[end - 1] == '\r') --len;
  return {end + 1, len};
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

Entity split_entity(std::string_view raw) {
  for (size_t pos = 0; pos < raw.size();) {
    auto [next, len] = line_at(raw, pos);
    if (len == 0) return {raw.substr(0, pos), raw.substr(next)};
    pos = next;
  }
  return {raw, {}};
}

std::string header_field(std::string_view headers, std::string_view name) {
  std::string value;
  bool in_field = false;
  for (size_t pos = 0; pos < headers.size();) {
    auto [next, len] = line_at(headers, pos);
    std::string_view line = headers.substr(pos, len);
    pos = next;
    if (in_field && !line.empty() && is_blank(line[0])) {
      value += ' ';
      value += trim(line);
      continue;
    }
    if (in_field) break;
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && trim(line.substr(0, colon)).size() == name.size() &&
        starts_with_ci(line, name)) {
      in_field = true;
      value = trim(line.substr(colon + 1));
    }
  }
  return value;
}

std::string media_type(std::string_view content_type) {
  std::string type = to_lower(trim(content_type.substr(0, content_type.find(';'))));
  return type.empty() ? "text/plain" : type;
}

std::string header_param(std::string_view value, std::string_view name) {
  size_t pos = value.find(';');
  while (pos != std::string_view::npos && pos < value.size()) {
    size_t start = pos + 1;
    size_t eq = value.find('=', start);
    if (eq == std::string_view::npos) return "";
    std::string key = trim(value.substr(start, eq - start));
    std::string param;
    pos = eq + 1;
    while (pos < value.size() && is_blank(value[pos])) ++pos;
    if (pos < value.size() && value[pos] == '"') {
      size_t close = value.find('"', pos + 1);
      if (close == std::string_view::npos) close = value.size();
      param = value.substr(pos + 1, close - pos - 1);
      pos = value.find(';', close);
    } else {
      size_t semi = value.find(';', pos);
      param = trim(value.substr(pos, semi == std::string_view::npos ? semi : semi - pos));
      pos = semi;
    }
    if (to_lower(key) == to_lower(name)) return param;
  }
  return "";
}

}  // namespace certbund::mime

// Hand-written rather than a library's: RFC 4180's writer side is one
// quoting rule, and the owners stage's CSV code only reads.
#include <algorithm>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

// A field quoted when it holds a comma, a quote or a line break (RFC 4180
// §2.6, 2.7); control characters were blanked before.
std::string field(std::string_view value) {
  std::string v = neutralise_header(value);
  if (v.find_first_of(",\"\r\n") == std::string::npos && !v.starts_with(' ') && !v.ends_with(' ')) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<std::string> extra_titles(const std::vector<Row>& rows) {
  std::vector<std::string> titles;
  for (const Row& row : rows) {
    for (const auto& [title, value] : row.extra) {
      if (std::ranges::find(titles, title) == titles.end()) titles.push_back(title);
    }
  }
  return titles;
}

std::string extra_value(const Row& row, const std::string& title) {
  for (const auto& [t, value] : row.extra) {
    if (t == title) return value.value_or("");
  }
  return "";
}

}  // namespace

std::string rows_csv(const std::vector<Row>& rows) {
  std::vector<std::string> extras = extra_titles(rows);
  std::string out = "asn,ip,port,timestamp";
  for (const std::string& title : extras) out += "," + field(title);
  out += "\r\n";
  for (const Row& row : rows) {
    out += row.asn ? std::to_string(*row.asn) : "";
    out += "," + field(row.ip.to_string()) + ",";
    out += row.port ? std::to_string(*row.port) : "";
    out += ",";
    out += row.timestamp ? format_iso8601(*row.timestamp) : "";
    for (const std::string& title : extras) out += "," + field(extra_value(row, title));
    out += "\r\n";
  }
  return out;
}

}  // namespace certbund::notice_parts

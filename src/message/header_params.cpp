#include "header_params.hpp"

#include <charconv>
#include <optional>
#include <vector>

#include "certbund/message.hpp"
#include "certbund/util.hpp"

namespace certbund {

namespace {

struct RawParam {
  std::string name;
  std::string value;
};

// One RFC 2231 section: "name*N" or, with percent escapes, "name*N*".
struct Section {
  bool extended = false;
  std::string value;
};

struct ParamParts {
  std::optional<std::string> plain;
  std::map<int, Section> sections;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The quoted string whose opening quote is at s[i]; `i` ends after the
// closing quote (or at the end, if it is missing).
std::string read_quoted(std::string_view s, size_t& i) {
  std::string out;
  for (++i; i < s.size() && s[i] != '"'; ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out += s[i];
  }
  if (i < s.size()) ++i;
  return out;
}

std::vector<RawParam> raw_params(std::string_view s) {
  std::vector<RawParam> out;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && (is_space(s[i]) || s[i] == ';')) ++i;
    size_t stop = s.find_first_of("=;", i);
    RawParam p{to_lower(trim(s.substr(i, stop == s.npos ? s.npos : stop - i))), ""};
    i = stop == s.npos ? s.size() : stop;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && is_space(s[i])) ++i;
      if (i < s.size() && s[i] == '"') {
        p.value = read_quoted(s, i);
      } else {
        size_t end = std::min(s.find(';', i), s.size());
        p.value = trim(s.substr(i, end - i));
        i = end;
      }
    }
    if (!p.name.empty()) out.push_back(std::move(p));
  }
  return out;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned byte = 0;
    bool escape = s[i] == '%' && i + 2 < s.size() &&
                  std::from_chars(s.data() + i + 1, s.data() + i + 3, byte, 16).ptr == s.data() + i + 3;
    out += escape ? static_cast<char>(byte) : s[i];
    if (escape) i += 2;
  }
  return out;
}

// Joins RFC 2231 sections in order; the first extended one may start with
// "charset'language'".
std::string joined_sections(const std::map<int, Section>& sections) {
  std::string charset;
  std::string bytes;
  for (const auto& [index, section] : sections) {
    std::string_view value = section.value;
    if (index == sections.begin()->first && section.extended) {
      size_t q1 = value.find('\'');
      size_t q2 = q1 == value.npos ? value.npos : value.find('\'', q1 + 1);
      if (q2 != value.npos) {
        charset = value.substr(0, q1);
        value.remove_prefix(q2 + 1);
      }
    }
    bytes += section.extended ? percent_decoded(value) : std::string(value);
  }
  return to_utf8(bytes, charset.empty() ? "utf-8" : charset);
}

// Files `p` under its base name: "filename*1*" is section 1 of "filename".
void add_param(std::map<std::string, ParamParts>& parts, const RawParam& p) {
  size_t star = p.name.find('*');
  if (star == std::string::npos) {
    parts[p.name].plain = p.value;
    return;
  }
  // "name*" alone is extended; "name*N" is a plain section, "name*N*" an extended one.
  std::string_view rest = std::string_view(p.name).substr(star + 1);
  Section section{rest.empty() || rest.ends_with('*'), p.value};
  if (rest.ends_with('*')) rest.remove_suffix(1);
  int index = 0;
  if (!rest.empty() &&
      std::from_chars(rest.data(), rest.data() + rest.size(), index).ptr != rest.data() + rest.size()) {
    return;  // not an RFC 2231 name: ignored
  }
  parts[p.name.substr(0, star)].sections[index] = section;
}

}  // namespace

std::string HeaderValue::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

HeaderValue parse_header_value(std::string_view raw) {
  size_t semicolon = raw.find(';');
  HeaderValue out{to_lower(trim(raw.substr(0, semicolon))), {}};
  if (semicolon == std::string_view::npos) return out;
  std::map<std::string, ParamParts> parts;
  for (const RawParam& p : raw_params(raw.substr(semicolon + 1))) add_param(parts, p);
  for (const auto& [name, p] : parts) {
    out.params[name] = p.sections.empty() ? decode_rfc2047(*p.plain) : joined_sections(p.sections);
  }
  return out;
}

}  // namespace certbund

#include "json_text.hpp"

#include <string_view>

namespace certbund {

namespace {
std::string json_string(std::string_view s) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += "\\u00";
      out += k_hex[c >> 4];
      out += k_hex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}
}  // namespace

std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ",";
    out += json_string(item);
  }
  return out + "]";
}

std::string json_object(const std::vector<std::pair<std::string, std::optional<std::string>>>& fields) {
  std::string out = "{";
  for (const auto& [key, value] : fields) {
    if (out.size() > 1) out += ",";
    out += json_string(key) + ":" + (value ? json_string(*value) : "null");
  }
  return out + "}";
}

}  // namespace certbund

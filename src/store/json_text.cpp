#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

#include "certbund/util.hpp"

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

std::string json_object(const Fields& fields) {
  std::string out = "{";
  for (const auto& [key, value] : fields) {
    if (out.size() > 1) out += ",";
    out += json_string(key) + ":" + (value ? json_string(*value) : "null");
  }
  return out + "}";
}

// Written by hand above (one pass, no allocation per cell), read with
// nlohmann: reading is rare and must reject what it does not expect.
namespace {
nlohmann::ordered_json parsed(const std::string& text, const std::string& what) {
  auto json = nlohmann::ordered_json::parse(text, nullptr, false);
  if (json.is_discarded()) throw Failure(Exit::data, what + ": not JSON: " + text.substr(0, 80));
  return json;
}

Failure not_shaped(const std::string& what, const char* shape) { return Failure(Exit::data, what + ": not " + shape); }
}  // namespace

std::vector<std::string> array_from_json(const std::string& text, const std::string& what) {
  auto json = parsed(text, what);
  if (!json.is_array()) throw not_shaped(what, "an array of strings");
  std::vector<std::string> out;
  for (const auto& item : json) {
    if (!item.is_string()) throw not_shaped(what, "an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Fields object_from_json(const std::string& text, const std::string& what) {
  auto json = parsed(text, what);
  if (!json.is_object()) throw not_shaped(what, "an object of strings");
  Fields out;
  for (const auto& [key, value] : json.items()) {
    if (value.is_null()) {
      out.emplace_back(key, std::nullopt);
    } else if (value.is_string()) {
      out.emplace_back(key, value.get<std::string>());
    } else {
      throw not_shaped(what, "an object of strings");
    }
  }
  return out;
}

}  // namespace certbund

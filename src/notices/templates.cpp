#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

namespace fs = std::filesystem;

// Every template must exist in both languages; services/ holds the
// optional per-service advice.
constexpr std::string_view required[] = {"notice", "subject", "generic"};
constexpr std::string_view languages[] = {"de", "en"};

std::string read_template(const fs::path& file) {
  auto text = read_whole_file(file);
  if (!text) throw Failure(Exit::config, file.string() + ": missing template");
  kainjow::mustache::mustache check{*text};
  if (!check.is_valid()) {
    throw Failure(Exit::config, file.string() + ": invalid template: " + check.error_message());
  }
  return *text;
}

void load_services(const fs::path& dir, const std::string& prefix, std::map<std::string, std::string>& out) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".mustache") continue;
    out[prefix + entry.path().stem().string()] = read_template(entry.path());
  }
}

}  // namespace

std::map<std::string, std::string> load_templates(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (std::string_view language : languages) {
    std::string lang(language);
    for (std::string_view name : required) {
      out[lang + "/" + std::string(name)] = read_template(dir / lang / (std::string(name) + ".mustache"));
    }
    load_services(dir / lang / "services", lang + "/services/", out);
  }
  return out;
}

}  // namespace certbund::notice_parts

#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view languages[] = {"de", "en"};
// Every language has these; <class>/<service> files are optional.
constexpr std::string_view required[] = {
    "notice",           "subject",           "partials/firewall",      "partials/problem",
    "exposure/default", "vulnerability/default", "infection/default", "compromise/default",
    "abuse_activity/default", "phishing_defacement/default"};

std::string read_template(const fs::path& file) {
  auto text = read_whole_file(file);
  if (!text) throw Failure(Exit::config, file.string() + ": missing template");
  kainjow::mustache::mustache check{*text};
  if (!check.is_valid()) {
    throw Failure(Exit::config, file.string() + ": invalid template: " + check.error_message());
  }
  return *text;
}

// Every *.mustache below `dir`, by path relative to `dir` without the extension.
void load_tree(const fs::path& dir, const std::string& prefix, std::map<std::string, std::string>& out) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    fs::path relative = entry.path().lexically_relative(dir);
    relative.replace_extension();
    out[prefix + relative.generic_string()] = read_template(entry.path());
  }
}

}  // namespace

std::map<std::string, std::string> load_templates(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (std::string_view language : languages) {
    std::string lang(language);
    for (std::string_view name : required) {
      std::string key = lang + "/" + std::string(name);
      out[key] = read_template(dir / lang / (std::string(name) + ".mustache"));
    }
    load_tree(dir / lang, lang + "/", out);
  }
  return out;
}

}  // namespace certbund::notice_parts

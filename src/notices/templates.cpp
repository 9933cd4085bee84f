#include <kainjow/mustache.hpp>
#include <sstream>
#include <fstream>

#include "parts.hpp"

namespace certbund {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_languages[] = {"de", "en"};

void check_syntax(const std::string& where, const std::string& text) {
  kainjow::mustache::mustache parsed{text};
  if (!parsed.is_valid()) throw Failure(Exit::config, where + ": invalid template: " + parsed.error_message());
}

std::string read_template(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Failure(Exit::config, file.string() + ": cannot read template");
  std::ostringstream text;
  text << in.rdbuf();
  check_syntax(file.string(), text.str());
  return text.str();
}

// Every LANG/*.mustache and LANG/services/*.mustache under `dir`.
void overlay(const fs::path& dir, std::map<std::string, std::string>& out) {
  for (std::string_view language : k_languages) {
    for (std::string sub : {std::string(language), std::string(language) + "/services"}) {
      std::error_code ec;
      if (!fs::is_directory(dir / sub, ec)) continue;
      for (const fs::directory_entry& entry : fs::directory_iterator(dir / sub, ec)) {
        if (entry.path().extension() != ".mustache" || !entry.is_regular_file(ec)) continue;
        out[sub + "/" + entry.path().stem().string()] = read_template(entry.path());
      }
      if (ec) throw Failure(Exit::config, (dir / sub).string() + ": cannot list templates: " + ec.message());
    }
  }
}

}  // namespace

std::map<std::string, std::string> notice_templates(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const TemplateFile& file : builtin_templates()) out.emplace(file.name, file.text);
  if (dir.empty()) return out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Failure(Exit::config, dir.string() + ": templates.dir is not a folder (leave it out to use the built-in templates)");
  }
  overlay(dir, out);
  return out;
}

std::vector<std::string> missing_templates(const std::map<std::string, std::string>& templates) {
  std::vector<std::string> out;
  for (std::string_view language : k_languages) {
    for (std::string_view name : {"subject", "notice", "generic"}) {
      std::string wanted = std::string(language) + "/" + std::string(name);
      if (!templates.contains(wanted)) out.push_back(wanted);
    }
  }
  for (const auto& [name, text] : templates) {
    if (!name.starts_with("de/services/") && !name.starts_with("en/services/")) continue;
    std::string other = (name.starts_with("de/") ? "en" : "de") + name.substr(2);
    if (!templates.contains(other)) out.push_back(other);
  }
  return out;
}

std::vector<std::string> export_templates(const fs::path& dir) {
  std::vector<std::string> written;
  for (const TemplateFile& file : builtin_templates()) {
    fs::path target = dir / (std::string(file.name) + ".mustache");
    std::error_code ec;
    if (fs::exists(target, ec)) continue;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary);
    out << file.text;
    out.close();
    if (ec || !out) throw Failure(Exit::io, target.string() + ": cannot write the template");
    written.emplace_back(file.name);
  }
  return written;
}

namespace notice_parts {

std::map<std::string, std::string> load_templates(const fs::path& dir) { return notice_templates(dir); }

}  // namespace notice_parts

}  // namespace certbund

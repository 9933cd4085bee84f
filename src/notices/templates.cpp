#include <algorithm>
#include <fstream>
#include <kainjow/mustache.hpp>

#include "parts.hpp"

namespace certbund {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_languages[] = {"de", "en"};
// Every language has these; <class>/<service> files are optional.
constexpr std::string_view k_required[] = {"notice",
                                           "subject",
                                           "partials/firewall",
                                           "partials/problem",
                                           "exposure/default",
                                           "vulnerability/default",
                                           "infection/default",
                                           "compromise/default",
                                           "abuse_activity/default",
                                           "phishing_defacement/default"};

void check_syntax(const std::string& where, const std::string& text) {
  kainjow::mustache::mustache parsed{text};
  if (!parsed.is_valid()) throw Failure(Exit::config, where + ": invalid template: " + parsed.error_message());
}

std::string read_template(const fs::path& file) {
  auto text = read_whole_file(file);
  if (!text) throw Failure(Exit::config, file.string() + ": cannot read template");
  check_syntax(file.string(), *text);
  return *text;
}

// Every LANG/**/*.mustache under `dir`, by path relative to `dir` without
// the extension ("en/exposure/redis"): each replaces the built-in one.
void overlay(const fs::path& dir, std::map<std::string, std::string>& out) {
  for (std::string_view language : k_languages) {
    std::error_code ec;
    fs::path root = dir / language;
    if (!fs::is_directory(root, ec)) continue;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root, ec)) {
      if (entry.path().extension() != ".mustache" || !entry.is_regular_file(ec)) continue;
      fs::path relative = entry.path().lexically_relative(dir);
      relative.replace_extension();
      out[relative.generic_string()] = read_template(entry.path());
    }
    if (ec) throw Failure(Exit::config, root.string() + ": cannot list templates: " + ec.message());
  }
}

// "en/exposure/redis" -> "de/exposure/redis".
std::string other_language(const std::string& name) { return (name.starts_with("de/") ? "en" : "de") + name.substr(2); }

}  // namespace

std::map<std::string, std::string> notice_templates(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const TemplateFile& file : builtin_templates()) out.emplace(file.name, file.text);
  if (dir.empty()) return out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Failure(Exit::config,
                  dir.string() + ": templates.dir is not a folder (leave it out to use the built-in templates)");
  }
  overlay(dir, out);
  return out;
}

std::vector<std::string> missing_templates(const std::map<std::string, std::string>& templates) {
  std::vector<std::string> out;
  for (std::string_view language : k_languages) {
    for (std::string_view name : k_required) {
      std::string wanted = std::string(language) + "/" + std::string(name);
      if (!templates.contains(wanted)) out.push_back(wanted);
    }
  }
  for (const auto& [name, text] : templates) {
    if (!name.starts_with("de/") && !name.starts_with("en/")) continue;
    std::string other = other_language(name);
    if (!templates.contains(other) && std::ranges::find(out, other) == out.end()) out.push_back(other);
  }
  return out;
}

std::vector<std::string> unused_templates(const std::map<std::string, std::string>& templates) {
  std::vector<std::string> out;
  for (const auto& [name, text] : templates) {
    std::string_view rest = std::string_view(name).substr(name.find('/') + 1);
    std::string_view folder = rest.substr(0, rest.find('/'));
    bool used =
        rest == "notice" || rest == "subject" ||
        (folder != rest && (folder == "partials" ||
                            std::ranges::find(k_required, std::string(folder) + "/default") != std::end(k_required)));
    if (!used) out.push_back(name);
  }
  return out;
}

namespace {
fs::path export_target(const fs::path& dir, const TemplateFile& file) {
  return dir / (std::string(file.name) + ".mustache");
}

void refuse_existing(const fs::path& dir) {
  std::vector<std::string> there;
  std::error_code ec;
  for (const TemplateFile& file : builtin_templates()) {
    if (fs::exists(export_target(dir, file), ec)) there.push_back(export_target(dir, file).string());
  }
  if (there.empty()) return;
  std::string what = there.front() + " exists";
  if (there.size() > 1) what = there.front() + " and " + std::to_string(there.size() - 1) + " more templates exist";
  throw Failure(Exit::usage, what + "; nothing written (--force overwrites)");
}
}  // namespace

std::vector<std::string> export_templates(const fs::path& dir, ExistingFile existing) {
  if (existing == ExistingFile::refuse) refuse_existing(dir);
  std::vector<std::string> written;
  for (const TemplateFile& file : builtin_templates()) {
    fs::path target = export_target(dir, file);
    std::error_code ec;
    if (existing == ExistingFile::keep && fs::exists(target, ec)) continue;
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

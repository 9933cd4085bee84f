#include "certbund/config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

namespace certbund {

namespace fs = std::filesystem;

namespace {

Error config_error(const fs::path& file, const std::string& what) {
  return Error{file.string() + ": " + what, Exit::config};
}

// Relative paths in the file are taken from the file's own folder, so a
// config works the same whatever the working directory of cron or the MTA.
fs::path resolve(const fs::path& file, const std::string& value) {
  if (value.empty()) return {};
  fs::path p(value);
  return p.is_absolute() ? p : (file.parent_path() / p).lexically_normal();
}

std::vector<std::string> strings(const toml::node_view<const toml::node>& node) {
  std::vector<std::string> out;
  if (const toml::array* array = node.as_array()) {
    for (const toml::node& item : *array) {
      if (auto s = item.value<std::string>()) out.push_back(*s);
    }
  }
  return out;
}

Result<StartTls> parse_starttls(const fs::path& file, const std::string& value) {
  if (value == "off" || value == "no") return StartTls::off;
  if (value == "opportunistic" || value == "try") return StartTls::opportunistic;
  if (value == "required" || value == "yes") return StartTls::required;
  return std::unexpected(config_error(file, "smtp.starttls must be off, opportunistic or required, not \"" + value + "\""));
}

Result<void> read_smtp(const fs::path& file, const toml::table& t, Config& c) {
  auto smtp = t["smtp"];
  c.smtp.url = smtp["url"].value_or(std::string("smtp://127.0.0.1:25"));
  c.smtp.username = smtp["username"].value_or(std::string());
  c.smtp.password = smtp["password"].value_or(std::string());
  if (auto pf = smtp["password_file"].value<std::string>()) {
    auto password = read_password_file(resolve(file, *pf));
    if (!password) return std::unexpected(config_error(file, "smtp.password_file: " + password.error().message));
    c.smtp.password = *password;
  }
  c.smtp.ca_file = resolve(file, smtp["ca_file"].value_or(std::string())).string();
  c.smtp.verify_peer = smtp["verify_peer"].value_or(true);
  c.smtp.timeout_seconds = smtp["timeout_seconds"].value_or(30L);
  auto tls = parse_starttls(file, smtp["starttls"].value_or(std::string("opportunistic")));
  if (!tls) return std::unexpected(tls.error());
  c.smtp.starttls = *tls;
  c.notices.from = smtp["from"].value_or(std::string());
  if (c.notices.from.empty()) return std::unexpected(config_error(file, "smtp.from is missing"));
  return {};
}

// "FILE:LINE: what" for the value at `node`, "FILE: what" without one.
Error value_error(const fs::path& file, const toml::node_view<const toml::node>& node, const std::string& what) {
  if (const toml::node* n = node.node(); n && n->source().begin.line > 0) {
    return config_error(file.string() + ":" + std::to_string(n->source().begin.line), what);
  }
  return config_error(file, what);
}

// "1d", "36h", "90m", "30s" or a whole number of seconds, at most 365 days.
std::optional<std::int64_t> duration_seconds(const toml::node_view<const toml::node>& node) {
  if (auto n = node.value_exact<std::int64_t>()) return *n >= 0 && *n <= 365 * 86400 ? n : std::nullopt;
  auto text = node.value_exact<std::string>();
  if (!text || text->size() < 2) return std::nullopt;
  static constexpr std::pair<char, std::int64_t> units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
  for (auto [unit, seconds] : units) {
    if (text->back() != unit) continue;
    std::string digits = text->substr(0, text->size() - 1);
    if (digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    std::int64_t value = std::stoll(digits) * seconds;
    return value <= 365 * 86400 ? std::optional(value) : std::nullopt;
  }
  return std::nullopt;
}

Result<void> read_limits(const fs::path& file, const toml::table& t, Config& c) {
  auto depth = t["limits"]["mime_depth"];
  if (depth) {
    auto value = depth.value<std::int64_t>();
    if (!value || *value < 1 || *value > 10000) {
      return std::unexpected(value_error(file, depth, "limits.mime_depth must be a whole number from 1 to 10000"));
    }
    c.limits.mime_depth = static_cast<int>(*value);
  }
  if (auto skew = t["limits"]["clock_skew"]) {
    auto seconds = duration_seconds(skew);
    if (!seconds) {
      return std::unexpected(value_error(file, skew, "limits.clock_skew must be a duration like \"1d\", \"12h\", "
                                                     "\"30m\" or seconds, at most a year"));
    }
    c.limits.clock_skew = *seconds;
  }
  return {};
}

void read_mailboxes(const fs::path& file, const toml::table& t, Config& c) {
  const toml::array* boxes = t["mailbox"].as_array();
  if (!boxes) return;
  for (const toml::node& node : *boxes) {
    const toml::table* box = node.as_table();
    if (!box) continue;
    Mailbox m;
    m.path = resolve(file, (*box)["path"].value_or(std::string()));
    m.url = (*box)["url"].value_or(std::string());
    m.password_file = resolve(file, (*box)["password_file"].value_or(std::string()));
    c.mailboxes.push_back(std::move(m));
  }
}

Result<Config> read_table(const fs::path& file, const toml::table& t) {
  Config c;
  c.file = file;
  c.database_path = resolve(file, t["database"]["path"].value_or(std::string("var/certbund.sqlite")));
  c.busy_timeout_ms = t["database"]["busy_timeout_ms"].value_or(10000);
  c.trust.gnupg_home = resolve(file, t["pgp"]["gnupg_home"].value_or(std::string("var/gnupg"))).string();
  c.trust.pgp_fingerprints = strings(t["pgp"]["trusted_fingerprints"]);
  c.trust.smime_fingerprints = strings(t["smime"]["trusted_fingerprints"]);
  if (auto r = read_smtp(file, t, c); !r) return std::unexpected(r.error());
  c.notices.templates_dir = resolve(file, t["templates"]["dir"].value_or(std::string("templates")));
  c.notices.sign_key = t["notify"]["sign_key"].value_or(std::string());
  c.notices.gnupg_home = resolve(file, t["notify"]["gnupg_home"].value_or(std::string())).string();
  if (c.notices.gnupg_home.empty()) c.notices.gnupg_home = c.trust.gnupg_home;
  c.notify_on_ingest = t["notify"]["on_ingest"].value_or(false);
  c.remind_after_days = t["notify"]["remind_after_days"].value_or(7);
  c.dry_run_dir = resolve(file, t["notify"]["dry_run_dir"].value_or(std::string("var/dry-run")));
  if (c.remind_after_days < 0) return std::unexpected(config_error(file, "notify.remind_after_days must not be negative"));
  if (c.trust.pgp_fingerprints.empty() && c.trust.smime_fingerprints.empty()) {
    return std::unexpected(config_error(file, "pgp.trusted_fingerprints is empty: no mail could ever be verified"));
  }
  if (auto r = read_limits(file, t, c); !r) return std::unexpected(r.error());
  read_mailboxes(file, t, c);
  return c;
}

}  // namespace

Result<std::string> read_password_file(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) {
    return std::unexpected(Error{file.string() + ": cannot read the password file", Exit::config});
  }
  return trim(line);
}

Result<fs::path> find_config(const std::optional<fs::path>& explicit_path) {
  if (explicit_path) {
    if (!fs::exists(*explicit_path)) return std::unexpected(config_error(*explicit_path, "no such config file"));
    return *explicit_path;
  }
  if (const char* env = std::getenv("CERTBUND_CONFIG"); env && *env) {
    if (!fs::exists(env)) return std::unexpected(config_error(env, "no such config file (from $CERTBUND_CONFIG)"));
    return fs::path(env);
  }
  for (const fs::path& candidate : {fs::path("certbund.toml"), fs::path("/etc/certbund/certbund.toml")}) {
    if (fs::exists(candidate)) return candidate;
  }
  return std::unexpected(Error{"no config: give --config FILE, set $CERTBUND_CONFIG, or create ./certbund.toml", Exit::config});
}

Result<Config> load_config(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(config_error(file, "cannot read config file"));
  std::stringstream text;
  text << in.rdbuf();
  try {
    toml::table t = toml::parse(text.str(), file.string());
    return read_table(fs::absolute(file), t);
  } catch (const toml::parse_error& e) {
    return std::unexpected(Error{file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                                     std::string(e.description()),
                                 Exit::config});
  }
}

}  // namespace certbund

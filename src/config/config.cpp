#include "certbund/config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "section.hpp"

namespace certbund {

namespace fs = std::filesystem;
using config_detail::Problems;
using config_detail::Section;

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

// A path key: resolved when present, `fallback` (resolved too) otherwise.
fs::path path_key(Section& s, std::string_view key, const fs::path& file, const std::string& fallback) {
  auto value = s.text(key);
  if (value && value->empty()) s.problem(key, s.qualified(key) + " is empty");
  return resolve(file, value.value_or(fallback));
}

// The valid fingerprints of a list; nullopt when the key is absent or
// not a list of strings.
std::optional<std::vector<std::string>> fingerprints(Section& s, std::string_view key) {
  auto texts = s.texts(key);
  if (!texts) return std::nullopt;
  std::vector<std::string> out;
  for (const std::string& text : *texts) {
    auto fpr = fingerprint_from_text(text);
    if (fpr) out.push_back(*fpr);
    else s.problem(key, s.qualified(key) + ": " + fpr.error());
  }
  return out;
}

std::optional<StartTls> starttls_from(const std::string& value) {
  if (value == "off" || value == "no") return StartTls::off;
  if (value == "opportunistic" || value == "try") return StartTls::opportunistic;
  if (value == "required" || value == "yes") return StartTls::required;
  return std::nullopt;
}

void read_database(Section s, const fs::path& file, Config& c) {
  c.database_path = path_key(s, "path", file, "/var/lib/certbund/certbund.sqlite");
  c.busy_timeout_ms = static_cast<int>(s.integer("busy_timeout_ms", 0, 3'600'000).value_or(10000));
  s.finish();
}

void read_trust(Section pgp, Section smime, const fs::path& file, Config& c) {
  c.trust.gnupg_home = path_key(pgp, "gnupg_home", file, "/var/lib/certbund/gnupg").string();
  auto pgp_list = fingerprints(pgp, "trusted_fingerprints");
  auto smime_list = fingerprints(smime, "trusted_fingerprints");
  c.trust.pgp_fingerprints = pgp_list.value_or(std::vector<std::string>{});
  c.trust.smime_fingerprints = smime_list.value_or(std::vector<std::string>{});
  if (!pgp.has("trusted_fingerprints") && !smime.has("trusted_fingerprints")) {
    // No line: the cause may be a misspelt key, reported at its own line first.
    pgp.problem_without_line("pgp.trusted_fingerprints is missing: no mail could ever be verified");
  } else if ((pgp_list && pgp_list->empty() && !smime_list) || (smime_list && smime_list->empty() && !pgp_list) ||
             (pgp_list && smime_list && pgp_list->empty() && smime_list->empty())) {
    pgp.problem("trusted_fingerprints", "pgp.trusted_fingerprints is empty: no mail could ever be verified");
  }
  pgp.finish();
  smime.finish();
}

void read_smtp_secrets(Section& s, const fs::path& file, Config& c) {
  c.smtp.username = s.text("username").value_or("");
  c.smtp.password = s.text("password").value_or("");
  if (auto pf = s.text("password_file")) {
    if (s.has("password")) s.problem("password_file", "give smtp.password or smtp.password_file, not both");
    auto password = read_password_file(resolve(file, *pf));
    if (password) c.smtp.password = *password;
    else s.problem("password_file", "smtp.password_file: " + password.error().message);
  }
}

void read_smtp(Section s, const fs::path& file, Config& c) {
  c.smtp.url = s.text("url").value_or("smtp://127.0.0.1:25");
  if (!c.smtp.url.starts_with("smtp://") && !c.smtp.url.starts_with("smtps://")) {
    s.problem("url", "smtp.url must start with smtp:// or smtps://, not \"" + c.smtp.url + "\"");
  }
  read_smtp_secrets(s, file, c);
  c.smtp.ca_file = path_key(s, "ca_file", file, "").string();
  c.smtp.verify_peer = s.flag("verify_peer").value_or(true);
  c.smtp.timeout_seconds = s.integer("timeout_seconds", 1, 3600).value_or(30);
  if (auto tls = s.text("starttls")) {
    if (auto mode = starttls_from(*tls)) c.smtp.starttls = *mode;
    else s.problem("starttls", "smtp.starttls must be off, opportunistic or required, not \"" + *tls + "\"");
  }
  c.notices.from = s.text("from").value_or("");
  if (!s.has("from")) s.problem_without_line("smtp.from is missing: the sender of every notice");
  else if (c.notices.from.empty()) s.problem("from", "smtp.from is empty: the sender of every notice");
  s.finish();
}

// "1d", "36h", "90m", "30s" or a whole number of seconds, at most 365 days.
std::optional<std::int64_t> duration_seconds(const toml::node& node) {
  constexpr std::int64_t k_year = 365 * k_day_seconds;
  if (auto n = node.value_exact<std::int64_t>()) return *n >= 0 && *n <= k_year ? n : std::nullopt;
  auto text = node.value_exact<std::string>();
  if (!text || text->empty()) return std::nullopt;
  if (text->find_first_not_of("0123456789") == std::string::npos) {
    if (text->size() > 8) return std::nullopt;
    std::int64_t value = std::stoll(*text);
    return value <= k_year ? std::optional(value) : std::nullopt;
  }
  if (std::string_view("smhd").find(text->back()) == std::string_view::npos) return std::nullopt;
  auto value = parse_duration(*text);
  return value && *value <= k_year ? value : std::nullopt;
}

void read_limits(Section s, Config& c) {
  if (auto depth = s.integer("mime_depth", 1, 10000)) c.limits.mime_depth = static_cast<int>(*depth);
  if (auto bytes = s.integer("max_mail_bytes", 1024, std::int64_t{1} << 40)) c.limits.max_mail_bytes = *bytes;
  if (auto bytes = s.integer("max_header_bytes", 998, 64 << 20)) c.limits.max_header_bytes = *bytes;
  if (auto parts = s.integer("max_parts", 1, 1000000)) c.limits.max_parts = static_cast<int>(*parts);
  if (auto rows = s.integer("max_rows", 1, 100000000)) c.limits.max_rows = *rows;
  if (const toml::node* skew = s.node("clock_skew")) {
    if (auto seconds = duration_seconds(*skew)) {
      c.limits.clock_skew = *seconds;
    } else {
      s.problem("clock_skew",
                "limits.clock_skew must be a duration like \"1d\", \"12h\", \"30m\" or seconds, at most a year");
    }
  }
  s.finish();
}

void read_notify(Section s, const fs::path& file, Config& c) {
  c.notify_on_ingest = s.flag("on_ingest").value_or(false);
  c.resend_in_doubt = s.flag("resend_in_doubt").value_or(false);
  c.remind_after_days = static_cast<int>(s.integer("remind_after_days", 0, 3650).value_or(7));
  c.dry_run_dir = path_key(s, "dry_run_dir", file, "/var/lib/certbund/dry-run");
  if (auto key = s.text("sign_key")) {
    auto fpr = fingerprint_from_text(*key);
    if (fpr) c.notices.sign_key = *fpr;
    else s.problem("sign_key", "notify.sign_key: " + fpr.error());
  }
  c.notices.gnupg_home = path_key(s, "gnupg_home", file, c.trust.gnupg_home).string();
  c.notices.max_rows_inline = s.integer("max_rows_inline", 1, 1000000).value_or(c.notices.max_rows_inline);
  c.escalate_after_days = static_cast<int>(s.integer("escalate_after_days", 0, 3650).value_or(0));
  c.desk_address = s.text("desk_address").value_or("");
  // The shape only (one @, no blanks or brackets): notices' is_bare_address
  // checks each address again when the digest is made.
  const bool address_like = std::ranges::count(c.desk_address, '@') == 1 &&
                            c.desk_address.find_first_of(" \t<>,\"") == std::string::npos &&
                            !c.desk_address.starts_with('@') && !c.desk_address.ends_with('@');
  if (s.has("desk_address") && !address_like) {
    s.problem("desk_address",
              "notify.desk_address must be a bare address (desk@example.net), not \"" + c.desk_address + "\"");
  } else if (c.escalate_after_days > 0 && c.desk_address.empty()) {
    s.problem("escalate_after_days", "notify.escalate_after_days needs notify.desk_address: who gets the digest");
  }
  s.finish();
}

void read_incidents(Section s, Config& c) {
  c.auto_resolve_days = static_cast<int>(s.integer("auto_resolve_days", 0, 3650).value_or(0));
  s.finish();
}

void read_retention(Section s, Config& c) {
  c.retention_days = static_cast<int>(s.integer("days", 1, 36500).value_or(0));
  s.finish();
}

void read_mailbox(Section s, const fs::path& file, Config& c) {
  Mailbox m;
  m.path = path_key(s, "path", file, "");
  m.url = s.text("url").value_or("");
  m.password_file = path_key(s, "password_file", file, "");
  m.tls.ca_file = path_key(s, "ca_file", file, "").string();
  m.tls.verify_peer = s.flag("verify_peer").value_or(true);
  if (m.path.empty() == m.url.empty()) {
    s.problem("url", "a [[mailbox]] needs either path (a Maildir or mbox) or url (imap:// or imaps://)");
  } else if (!m.url.empty() && !m.url.starts_with("imap://") && !m.url.starts_with("imaps://")) {
    s.problem("url", "mailbox.url must start with imap:// or imaps://, not \"" + m.url + "\"");
  } else if (!m.url.empty() && m.password_file.empty()) {
    s.problem("url", "mailbox " + m.url + " has no password_file");
  } else if (m.url.empty() && !m.password_file.empty()) {
    s.problem("password_file", "mailbox.password_file is only for an IMAP url");
  } else if (m.url.empty() && (s.has("ca_file") || s.has("verify_peer"))) {
    s.problem(s.has("ca_file") ? "ca_file" : "verify_peer", "mailbox.ca_file and verify_peer are only for an IMAP url");
  }
  s.finish();
  c.mailboxes.push_back(std::move(m));
}

Config read_table(const fs::path& file, const toml::table& t, Problems& problems) {
  Section root(&t, "", problems);
  Config c;
  c.file = file;
  read_database(root.table("database"), file, c);
  read_trust(root.table("pgp"), root.table("smime"), file, c);
  read_smtp(root.table("smtp"), file, c);
  Section templates = root.table("templates");
  c.notices.templates_dir = path_key(templates, "dir", file, "");
  templates.finish();
  read_notify(root.table("notify"), file, c);
  read_limits(root.table("limits"), c);
  read_incidents(root.table("incidents"), c);
  read_retention(root.table("retention"), c);
  for (Section& box : root.tables("mailbox")) read_mailbox(box, file, c);
  root.finish();
  return c;
}

}  // namespace

std::expected<std::string, std::string> fingerprint_from_text(std::string_view text) {
  std::string hex;
  for (char ch : text) {
    if (ch == ' ' || ch == ':') continue;
    hex += ch;
  }
  std::string quoted = "\"" + std::string(text) + "\"";
  if (hex.starts_with("0x") || hex.starts_with("0X")) {
    return std::unexpected(quoted + " is a key ID; give the whole fingerprint, 40 hex digits without 0x");
  }
  if (hex.empty() || !std::ranges::all_of(hex, [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); })) {
    return std::unexpected(quoted + " is not a fingerprint: only hex digits (and blanks) belong in one");
  }
  if (hex.size() == 8 || hex.size() == 16) {
    return std::unexpected(quoted +
                           " is a short key ID, which anyone can forge; give the whole fingerprint, 40 hex digits");
  }
  if (hex.size() != 40 && hex.size() != 64) {
    return std::unexpected(quoted + " has " + std::to_string(hex.size()) + " hex digits; a fingerprint has 40 (or 64)");
  }
  return to_upper(hex);
}

std::vector<std::string> config_keys() {
  // One [[mailbox]] so that its keys are asked for too.
  toml::table t = toml::parse("[[mailbox]]\n");
  Problems problems;
  read_table("/certbund.toml", t, problems);
  return problems.keys();
}

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
  return std::unexpected(
      Error{"no config: give --config FILE, set $CERTBUND_CONFIG, or create ./certbund.toml", Exit::config});
}

Result<Config> load_config(const fs::path& file) {
  auto text = read_whole_file(file);
  if (!text) return std::unexpected(config_error(file, "cannot read config file"));
  try {
    toml::table t = toml::parse(*text, file.string());
    Problems problems;
    Config config = read_table(fs::absolute(file), t, problems);
    if (!problems.empty()) return std::unexpected(problems.first(file));
    return config;
  } catch (const toml::parse_error& e) {
    return std::unexpected(
        Error{file.string() + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()),
              Exit::config});
  }
}

}  // namespace certbund

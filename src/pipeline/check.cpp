#include <unistd.h>

#include "certbund/pipeline.hpp"

// Design: each check catches what its stage throws and turns it into a
// line, so one broken part never hides the state of the others.

namespace certbund {

namespace {

using Kind = CheckResult::Kind;

constexpr UnixTime k_expiry_warning = 30 * k_day_seconds;

CheckResult ok(std::string what, std::string said, std::string where = "") {
  return {Kind::ok, std::move(what), std::move(said), std::move(where)};
}
CheckResult bad(Kind kind, std::string what, std::string said, std::string where = "") {
  return {kind, std::move(what), std::move(said), std::move(where)};
}

CheckResult check_database(const Config& config) {
  const std::string where = config.database_path.string();
  std::string problem = database_problem(config.database_path, config.busy_timeout_ms);
  if (problem.empty()) return ok("database", "writable, schema current", where);
  return bad(Kind::config, "database", problem, where);
}

CheckResult check_key(const std::string& home, const std::string& fpr, bool smime, UnixTime now) {
  const std::string what = std::string(smime ? "S/MIME certificate " : "pgp key ") + fpr;
  KeyStatus key = inspect_key(home, fpr, smime);
  if (!key.present) return bad(Kind::config, what, "not in the keyring; import CERT-Bund's key", home);
  if (!key.usable) return bad(Kind::config, what, key.problem + " (" + key.user_id + ")", home);
  std::string said = key.user_id;
  if (!key.expires) return ok(what, said + ", never expires", home);
  said += ", expires " + format_iso8601(*key.expires).substr(0, 10);
  if (*key.expires - now < k_expiry_warning) said += " (WARNING: within 30 days; get CERT-Bund's new key)";
  return ok(what, said, home);
}

void check_keyring(const Config& config, UnixTime now, std::vector<CheckResult>& out) {
  const std::string& home = config.trust.gnupg_home;
  try {
    check_keyring_readable(home);
  } catch (const Failure& e) {
    out.push_back(bad(Kind::config, "keyring", e.what(), home));
    return;
  }
  out.push_back(ok("keyring", "readable", home));
  auto each = [&](const std::vector<std::string>& fprs, bool smime) {
    for (const std::string& fpr : fprs) {
      try {
        out.push_back(check_key(home, fpr, smime, now));
      } catch (const Failure& e) {
        out.push_back(bad(Kind::config, smime ? "S/MIME certificate " + fpr : "pgp key " + fpr, e.what(), home));
      }
    }
  };
  each(config.trust.pgp_fingerprints, false);
  each(config.trust.smime_fingerprints, true);
}

CheckResult check_templates(const Config& config) {
  const auto& dir = config.notices.templates_dir;
  const std::string where = dir.empty() ? "built-in" : dir.string();
  try {
    auto templates = notice_templates(dir);
    auto missing = missing_templates(templates);
    if (!missing.empty()) return bad(Kind::config, "templates", "missing " + join(missing, ", "), where);
    auto unused = unused_templates(templates);
    if (!unused.empty()) {
      return bad(Kind::config, "templates",
                 "no notice uses " + join(unused, ", ") +
                     " (advice is LANG/CLASS/SERVICE.mustache, CLASS one of exposure, vulnerability, infection, "
                     "compromise, abuse_activity, phishing_defacement)",
                 where);
    }
    return ok("templates", "complete in German and English", where);
  } catch (const Failure& e) {
    return bad(Kind::config, "templates", e.what(), where);
  }
}

// A folder this user may write into, or one it may make.
bool writable_folder(std::filesystem::path dir) {
  std::error_code ec;
  while (!dir.empty() && !std::filesystem::exists(dir, ec)) {
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  if (dir.empty()) dir = ".";
  return ::access(dir.c_str(), W_OK | X_OK) == 0;
}

CheckResult check_dry_run(const Config& config) {
  const std::string where = config.dry_run_dir.string();
  std::error_code ec;
  bool there = std::filesystem::is_directory(config.dry_run_dir, ec);
  if (writable_folder(config.dry_run_dir))
    return ok("notify.dry_run_dir", there ? "writable" : "not there yet; this user may make it", where);
  return bad(Kind::config, "notify.dry_run_dir", "not writable by this user", where);
}

void check_mailboxes(const Config& config, std::vector<CheckResult>& out) {
  for (const Mailbox& box : config.mailboxes) {
    if (!box.url.empty()) continue;  // IMAP: poll says what its login does
    const std::string where = box.path.string();
    std::error_code ec;
    if (::access(box.path.c_str(), R_OK) == 0) out.push_back(ok("mailbox", "readable", where));
    else if (!std::filesystem::exists(box.path, ec))
      out.push_back(bad(Kind::config, "mailbox", "no such file or folder", where));
    else out.push_back(bad(Kind::config, "mailbox", "not readable by this user", where));
  }
}

CheckResult check_smtp(const Config& config) {
  SendResult r = SmtpClient(config.smtp).probe();
  if (r.kind == SendResult::Kind::sent) return ok("smtp", "the relay answers (" + r.reply + ")", config.smtp.url);
  std::string said = r.code ? std::to_string(r.code) + " " + r.reply : r.reply;
  return bad(r.kind == SendResult::Kind::temporary ? Kind::temporary : Kind::config, "smtp", said, config.smtp.url);
}

}  // namespace

std::vector<CheckResult> check_setup(const Config& config, bool smtp, UnixTime now) {
  std::vector<CheckResult> out;
  out.push_back(check_database(config));
  check_keyring(config, now, out);
  out.push_back(check_templates(config));
  out.push_back(check_dry_run(config));
  check_mailboxes(config, out);
  if (smtp) out.push_back(check_smtp(config));
  return out;
}

}  // namespace certbund

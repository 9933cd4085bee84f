#pragma once
// config: the TOML file of DESIGN.md. Found at --config, else
// $CERTBUND_CONFIG, else ./certbund.toml, else /etc/certbund/certbund.toml.
// Relative paths in it are relative to the file's own folder.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "certbund/notices.hpp"
#include "certbund/signature.hpp"
#include "certbund/smtp.hpp"
#include "certbund/util.hpp"

namespace certbund {

struct Mailbox {
  std::filesystem::path path;  // a Maildir or an mbox
  std::string url;             // imap:// or imaps://
  std::filesystem::path password_file;
};

// [limits]: what a mail may make certbund do, with safe defaults.
struct Limits {
  int mime_depth = default_mime_depth;  // limits.mime_depth: nesting of multiparts, 1..10000
  // limits.clock_skew: how far after a mail's arrival a scan time is still
  // believed, in seconds; the file says "1d", "36h", "90m", "30s" or a
  // number of seconds.
  std::int64_t clock_skew = 86400;
};

struct Config {
  std::filesystem::path file;  // where it was read from
  std::filesystem::path database_path;
  int busy_timeout_ms = 10000;
  TrustConfig trust;
  SmtpConfig smtp;
  NoticeConfig notices;        // templates.dir, smtp.from, notify.sign_key
  bool notify_on_ingest = false;
  int remind_after_days = 7;
  std::filesystem::path dry_run_dir;  // notify --dry-run writes .eml files here
  std::vector<Mailbox> mailboxes;
  Limits limits;
};

// The file to read: `explicit_path`, $CERTBUND_CONFIG, ./certbund.toml,
// /etc/certbund/certbund.toml; Error (Exit::config) when none exists.
Result<std::filesystem::path> find_config(const std::optional<std::filesystem::path>& explicit_path);

// The first line of a password file, trimmed. Error (Exit::config) when
// it cannot be read.
Result<std::string> read_password_file(const std::filesystem::path& file);

// Reads and checks the file. Errors say "FILE:LINE: what" with Exit::config.
Result<Config> load_config(const std::filesystem::path& file);

}  // namespace certbund

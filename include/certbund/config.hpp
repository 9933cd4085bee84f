#pragma once
// config: the TOML file (samples/certbund.toml shows the keys). Found at
// --config, else $CERTBUND_CONFIG, else ./certbund.toml, else
// /etc/certbund/certbund.toml.
// Relative paths in it are relative to the file's own folder.

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/notices.hpp"
#include "certbund/signature.hpp"
#include "certbund/smtp.hpp"
#include "certbund/source.hpp"
#include "certbund/util.hpp"

namespace certbund {

struct Mailbox {
  std::filesystem::path path;  // a Maildir or an mbox
  std::string url;             // imap:// or imaps://
  std::filesystem::path password_file;
  ImapTls tls;  // ca_file and verify_peer, as for smtp
};

// [limits]: what a mail may make certbund do, with safe defaults.
struct Limits {
  int mime_depth = default_mime_depth;  // limits.mime_depth: nesting of multiparts, 1..10000
  // limits.clock_skew: how far after a mail's arrival a scan time is still
  // believed, in seconds; the file says "1d", "36h", "90m", "30s" or a
  // number of seconds.
  std::int64_t clock_skew = 86400;
  // limits.max_mail_bytes: a larger mail is stored whole but not read
  // (no signature check, no report): rejected, with the reason.
  std::int64_t max_mail_bytes = 64LL << 20;
  // limits.max_header_bytes: a header field (unfolded) or any line longer
  // than this is not handed to the MIME parser; the mail is stored and
  // rejected with the reason.
  std::int64_t max_header_bytes = 64 << 10;
  // limits.max_parts: MIME parts read from one mail; the parts after that
  // are left out and the report is held for review.
  int max_parts = default_max_parts;
  // limits.max_rows: rows in one report; a longer report is stored and
  // held for review (no events, no notices).
  std::int64_t max_rows = 200000;

  // What parse_message and the verifier read of a mail.
  MimeLimits mime() const {
    MimeLimits m(mime_depth);
    m.parts = max_parts;
    m.header_bytes = static_cast<std::size_t>(max_header_bytes);
    return m;
  }
};

struct Config {
  std::filesystem::path file;  // where it was read from
  std::filesystem::path database_path;
  int busy_timeout_ms = 10000;
  TrustConfig trust;
  SmtpConfig smtp;
  NoticeConfig notices;  // templates.dir, smtp.from, notify.sign_key
  bool notify_on_ingest = false;
  // notify.resend_in_doubt: a notice left in_doubt by a notify run that
  // died while sending is queued again by the next run, instead of
  // waiting for the desk's `outbox retry` (the customer may get it twice).
  bool resend_in_doubt = false;
  int remind_after_days = 7;
  std::filesystem::path dry_run_dir;  // notify --dry-run writes .eml files here
  // An open incident no scan reported for this many days is resolved as
  // "not seen again"; 0: never (incidents.auto_resolve_days).
  int auto_resolve_days = 0;
  // notify.escalate_after_days (0: off) and notify.desk_address: the desk
  // gets a daily digest of incidents still reported that many days after
  // their first notice.
  int escalate_after_days = 0;
  std::string desk_address;
  // How long the desk keeps what abuse mail holds of a resolved incident,
  // for purge; 0: not set (retention.days).
  int retention_days = 0;
  std::vector<Mailbox> mailboxes;
  Limits limits;
};

// The file to read: `explicit_path`, $CERTBUND_CONFIG, ./certbund.toml,
// /etc/certbund/certbund.toml; Error (Exit::config) when none exists.
Result<std::filesystem::path> find_config(const std::optional<std::filesystem::path>& explicit_path);

// The first line of a password file, trimmed. Error (Exit::config) when
// it cannot be read.
Result<std::string> read_password_file(const std::filesystem::path& file);

// An OpenPGP fingerprint (40 hex digits, 64 for v5 keys) or an S/MIME
// certificate's SHA-1 fingerprint (40) as written by gpg or gpgsm, blanks
// and colons allowed, any case: uppercase hex digits only. Else why not:
// a key ID ("0x...", 8 or 16 digits), another length, not hex.
std::expected<std::string, std::string> fingerprint_from_text(std::string_view text);

// Every key load_config reads, "section.key" ("smtp.url",
// "mailbox.path"), in the order it reads them: for the documentation's
// tests.
std::vector<std::string> config_keys();

// Reads and checks the file strictly: an unknown section or key, a value
// of the wrong type or range, a malformed fingerprint, a [[mailbox]]
// without path or url is an Error "FILE:LINE: what" with Exit::config
// (the first in file order; the count of the others follows). Defaults:
// database.path /var/lib/certbund/certbund.sqlite, pgp.gnupg_home
// /var/lib/certbund/gnupg, notify.dry_run_dir /var/lib/certbund/dry-run.
Result<Config> load_config(const std::filesystem::path& file);

}  // namespace certbund

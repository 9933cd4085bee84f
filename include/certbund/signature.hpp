#pragma once
// signature: GPGME verification of PGP/MIME (RFC 3156), inline cleartext
// signatures and S/MIME (CMS). Only the bytes the signature covers go on:
// `Verification::content` holds just the signed part, parsed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/message.hpp"
#include "certbund/states.hpp"  // Verdict, SignatureKind
#include "certbund/util.hpp"

namespace certbund {

struct TrustConfig {
  std::string gnupg_home;                       // keyring with CERT-Bund's public key (and gpgsm's certificates)
  std::vector<std::string> pgp_fingerprints;    // primary key fingerprints, any case, spaces ignored
  std::vector<std::string> smime_fingerprints;  // certificate SHA-1 fingerprints
};

struct Verification {
  Verdict verdict = Verdict::unsigned_;
  SignatureKind kind = SignatureKind::none;
  std::string signer;  // uppercase primary fingerprint, empty when unknown
  std::string detail;  // one line: why, for logs ("bad signature from 0x..."), and what of the content was left out
  // The signed report's identity when `verified`, else empty: sha256 hex
  // of the kind, the signer, the signature's creation time (both inside
  // what it signs) and the signed bytes (PGP/MIME, S/MIME: the signed
  // entity in CRLF form; inline: the signed text with LF line ends). The
  // same signed report under other headers or line endings (IMAP CRLF, a
  // pipe's LF) keeps it; the signature's unhashed parts (armor headers,
  // unhashed subpackets), which anyone can change, do not count.
  std::string signed_id;
  // What the signature claims to cover, parsed: the inner entity of
  // multipart/signed, or the plaintext of a cleartext block (dash-escapes
  // removed). Whole message when unsigned. Use it only when `verified`.
  Message content;
};

// Detached, ASCII-armoured OpenPGP signature of `data` with `key` (a
// fingerprint) from the keyring `gnupg_home`, and the micalg name of its
// digest ("pgp-sha256"), for a multipart/signed notice (RFC 3156).
// Failure(Exit::config) when the key cannot sign, Exit::temp_fail when
// signing fails.
struct DetachedSignature {
  std::string armor, micalg;
};
DetachedSignature pgp_sign(std::string_view data, const std::string& key, const std::string& gnupg_home);
// Throws Failure(Exit::config) unless `key` has a usable secret key.
void check_signing_key(const std::string& key, const std::string& gnupg_home);

// The mails attached to `raw` as message/rfc822 parts (or as an
// application/octet-stream "*.eml" file), anywhere in its multipart tree
// but not inside an attached mail: each one's exact bytes, transfer
// encoding undone, in document order. A report forwarded as an attachment
// is verified from these bytes as a mail of its own (RFC 2046 §5.2.1).
std::vector<std::string> attached_mails(std::string_view raw);

// The signed content without checking anything: for `parse --no-verify`.
// `mime_depth` as for parse_message.
Verification unverified_content(std::string_view raw, MimeLimits mime_depth = {});

// Throws Failure(Exit::config) unless `gnupg_home` is a folder this
// process's user can read, with readable key files (pubring.kbx, ...): a
// keyring that cannot be read must not make every report "unknown_key".
void check_keyring_readable(const std::string& gnupg_home);

// What a keyring holds for one pinned fingerprint.
struct KeyStatus {
  bool present = false;             // its primary fingerprint (S/MIME: the certificate's) is in the keyring
  bool usable = false;              // present and able to sign now
  std::string problem;              // when present but not usable: "revoked", "expired", ...
  std::optional<UnixTime> expires;  // the primary key's expiry (UTC); nullopt: never
  std::string user_id;              // the first user ID, or the certificate's subject
};

// Looks `fingerprint` up in `gnupg_home` with gpg, or gpgsm when `smime`.
// Throws Failure(Exit::config) as check_keyring_readable does, or when the
// engine is missing.
KeyStatus inspect_key(const std::string& gnupg_home, const std::string& fingerprint, bool smime);

class Verifier {
 public:
  // `mime_depth` caps what is read of the content (nesting, parts, header
  // length) as parse_message does.
  explicit Verifier(TrustConfig trust, MimeLimits mime_depth = {});
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  // Never throws for bad input; a broken GnuPG set-up (no gpg, a home or
  // key file this user cannot read) throws Failure with Exit::config.
  Verification verify(std::string_view raw);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace certbund

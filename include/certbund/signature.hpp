#pragma once
// signature: GPGME verification of PGP/MIME (RFC 3156), inline cleartext
// signatures and S/MIME (CMS). Only the bytes the signature covers go on:
// `Verification::content` holds just the signed part, parsed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/message.hpp"

namespace certbund {

enum class Verdict {
  verified,
  unsigned_,  // "unsigned"
  bad_signature,
  unknown_key,
  untrusted_key,
  expired_key,
  revoked_key,
};
std::string_view to_string(Verdict v);  // the names of DESIGN.md: "verified", "unsigned", ...
std::optional<Verdict> verdict_from_string(std::string_view s);

enum class SignatureKind { none, pgp_mime, pgp_inline, smime };
std::string_view to_string(SignatureKind k);  // "none", "pgp/mime", "pgp/inline", "s/mime"

struct TrustConfig {
  std::string gnupg_home;  // keyring with CERT-Bund's public key (and gpgsm's certificates)
  std::vector<std::string> pgp_fingerprints;    // primary key fingerprints, any case, spaces ignored
  std::vector<std::string> smime_fingerprints;  // certificate SHA-1 fingerprints
};

struct Verification {
  Verdict verdict = Verdict::unsigned_;
  SignatureKind kind = SignatureKind::none;
  std::string signer;  // uppercase primary fingerprint, empty when unknown
  std::string detail;  // one line: why, for logs ("bad signature from 0x..."), and what of the content was left out
  // What the signature claims to cover, parsed: the inner entity of
  // multipart/signed, or the plaintext of a cleartext block (dash-escapes
  // removed). Whole message when unsigned. Use it only when `verified`.
  Message content;
};

// The signed content without checking anything: for `parse --no-verify`.
// `mime_depth` as for parse_message.
Verification unverified_content(std::string_view raw, int mime_depth = default_mime_depth);

class Verifier {
 public:
  // `mime_depth` caps the nesting of the content as parse_message does.
  explicit Verifier(TrustConfig trust, int mime_depth = default_mime_depth);
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  // Never throws for bad input; a broken GnuPG set-up (no gpg, unreadable
  // home) throws Failure with Exit::config.
  Verification verify(std::string_view raw);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace certbund

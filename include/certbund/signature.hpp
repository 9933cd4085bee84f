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

namespace certbund {

struct TrustConfig {
  std::string gnupg_home;  // keyring with CERT-Bund's public key (and gpgsm's certificates)
  std::vector<std::string> pgp_fingerprints;    // primary key fingerprints, any case, spaces ignored
  std::vector<std::string> smime_fingerprints;  // certificate SHA-1 fingerprints
};

struct Verification {
  Verdict verdict = Verdict::unsigned_;
  SignatureKind kind = SignatureKind::none;
  std::string signer;  // uppercase primary fingerprint, empty when unknown
  std::string detail;  // one line: why, for logs ("bad signature from 0x...")
  // What the signature claims to cover, parsed: the inner entity of
  // multipart/signed, or the plaintext of a cleartext block (dash-escapes
  // removed). Whole message when unsigned. Use it only when `verified`.
  Message content;
};

// The mails attached to `raw` as message/rfc822 parts (or as an
// application/octet-stream "*.eml" file), anywhere in its multipart tree
// but not inside an attached mail: each one's exact bytes, transfer
// encoding undone, in document order. A report forwarded as an attachment
// is verified from these bytes as a mail of its own (RFC 2046 §5.2.1).
std::vector<std::string> attached_mails(std::string_view raw);

// The signed content without checking anything: for `parse --no-verify`.
Verification unverified_content(std::string_view raw);

class Verifier {
 public:
  explicit Verifier(TrustConfig trust);
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

#include "judge.hpp"

namespace certbund::sig {

namespace {

Judgement fails(Verdict verdict, std::string detail) { return {verdict, std::move(detail), false}; }

std::string error_text(gpgme_err_code_t code) { return gpgme_strerror(gpgme_err_make(GPG_ERR_SOURCE_GPGME, code)); }

std::string from(const SignatureFacts& f) { return f.fpr.empty() ? "" : " from " + f.fpr; }

// Bits that make an otherwise good status unacceptable. GPGME_SIGSUM_VALID
// is not required: the pinned fingerprint is our trust decision. OpenPGP
// would need ownertrust for VALID; S/MIME reports a good signature by a
// certificate whose chain gpgsm does not trust as status 0, summary 0,
// validity_reason "Not trusted" (real CERT-Bund certificates chain to a CA
// outside our trust list), and we accept that when the certificate's own
// fingerprint is pinned: stronger than trusting the CA, which vouches for
// every certificate it issued.
std::optional<Judgement> by_summary(const SignatureFacts& f) {
  if (f.summary & GPGME_SIGSUM_KEY_REVOKED) return fails(Verdict::revoked_key, "key revoked" + from(f));
  if (f.summary & GPGME_SIGSUM_RED) return fails(Verdict::bad_signature, "signature marked bad" + from(f));
  if (f.summary & (GPGME_SIGSUM_KEY_EXPIRED | GPGME_SIGSUM_SIG_EXPIRED)) {
    return fails(Verdict::expired_key, "key or signature expired" + from(f));
  }
  return std::nullopt;
}

Judgement by_status(const SignatureFacts& f) {
  switch (f.status) {
    case GPG_ERR_BAD_SIGNATURE: return fails(Verdict::bad_signature, "bad signature" + from(f));
    case GPG_ERR_NO_PUBKEY: return fails(Verdict::unknown_key, "no public key for" + from(f).substr(5));
    case GPG_ERR_KEY_EXPIRED:
    case GPG_ERR_SIG_EXPIRED:
    case GPG_ERR_CERT_EXPIRED: return fails(Verdict::expired_key, "key or signature expired" + from(f));
    case GPG_ERR_CERT_REVOKED: return fails(Verdict::revoked_key, "key revoked" + from(f));
    default: return fails(Verdict::bad_signature, "signature not valid: " + error_text(f.status) + from(f));
  }
}

}  // namespace

SignatureFacts facts_of(gpgme_error_t op_error, gpgme_verify_result_t result) {
  SignatureFacts f;
  f.op_error = gpgme_err_code(op_error);
  gpgme_signature_t first = result ? result->signatures : nullptr;
  for (auto s = first; s; s = s->next) ++f.count;
  if (first) {
    f.status = gpgme_err_code(first->status);
    f.summary = first->summary;
    f.fpr = first->fpr ? first->fpr : "";
    f.created = first->timestamp;
  }
  return f;
}

Judgement judge(const SignatureFacts& f) {
  if (f.op_error == GPG_ERR_NO_DATA || (f.op_error == GPG_ERR_NO_ERROR && f.count == 0)) {
    return fails(Verdict::bad_signature, "no signature found in the signed part");
  }
  if (f.op_error != GPG_ERR_NO_ERROR) {
    return fails(Verdict::bad_signature, "cannot verify: " + error_text(f.op_error));
  }
  if (f.count > 1) {
    return fails(Verdict::bad_signature, std::to_string(f.count) + " signatures; exactly one expected");
  }
  if (f.status != GPG_ERR_NO_ERROR) return by_status(f);
  if (auto bad = by_summary(f)) return *bad;
  return {Verdict::verified, "good signature" + from(f), true};
}

}  // namespace certbund::sig

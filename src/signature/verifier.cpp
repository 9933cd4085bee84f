#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "certbund/signature.hpp"
#include "certbund/util.hpp"
#include "gpgme_handles.hpp"
#include "judge.hpp"
#include "locate.hpp"

namespace certbund {

using namespace sig;

namespace {

std::unordered_set<std::string> fingerprint_set(const std::vector<std::string>& list) {
  std::unordered_set<std::string> set;
  for (const auto& f : list) set.insert(normalise_fingerprint(f));
  return set;
}

struct Run {
  SignatureFacts facts;
  std::string plaintext;  // inline only
};

Run run_verify(gpgme_ctx_t ctx, const SignedPart& part) {
  Run run;
  gpgme_error_t err;
  if (part.kind == SignatureKind::pgp_inline) {
    Data block = data_over(part.cleartext);
    Data plain = empty_data();
    err = gpgme_op_verify(ctx, block.get(), nullptr, plain.get());
    run.plaintext = data_contents(plain.get());
  } else {
    Data signature = data_over(part.signature);
    Data text = data_over(part.signed_crlf);
    err = gpgme_op_verify(ctx, signature.get(), text.get(), nullptr);
  }
  run.facts = facts_of(err, gpgme_op_verify_result(ctx));
  return run;
}

// Verification::signed_id: what the signature covers, and who signed it
// when. Hashed piece by piece: the signed part of a million-row report is
// not copied for it.
std::string signed_id_of(const SignedPart& part, const std::string& plaintext, const std::string& signer,
                         unsigned long created) {
  Sha256 id;
  id.update("certbund signed report 1\n" + std::string(to_string(part.kind)) + "\n" + signer + "\n" +
            std::to_string(created) + "\n");
  if (part.kind != SignatureKind::pgp_inline) {
    id.update(part.signed_crlf);
    return id.hex();
  }
  // A cleartext signature ignores trailing blanks (RFC 4880 7.1): so does the identity.
  for (std::string_view line : split_lines(plaintext)) {
    std::size_t last = line.find_last_not_of(" \t\r");
    id.update(line.substr(0, last == std::string_view::npos ? 0 : last + 1));
    id.update("\n");
  }
  return id.hex();
}

}  // namespace

struct Verifier::Impl {
  TrustConfig trust;
  MimeLimits mime_depth;
  std::unordered_set<std::string> pgp_trusted;
  std::unordered_set<std::string> smime_trusted;
  Context pgp;
  Context cms;  // made on the first S/MIME mail: gpgsm is optional until then
  std::unordered_map<std::string, std::string> primary_of;  // signing (sub)key -> primary

  gpgme_ctx_t context_for(SignatureKind kind) {
    if (kind != SignatureKind::smime) return pgp.get();
    if (!cms) cms = make_context(GPGME_PROTOCOL_CMS, trust.gnupg_home);
    return cms.get();
  }

  // The primary key's fingerprint: s->fpr may name a signing subkey.
  std::string primary_fingerprint(const std::string& fpr) {
    if (auto it = primary_of.find(fpr); it != primary_of.end()) return it->second;
    gpgme_key_t raw = nullptr;
    std::string primary = normalise_fingerprint(fpr);
    if (gpgme_get_key(pgp.get(), fpr.c_str(), &raw, 0) == 0 && raw) {
      Key key(raw);
      if (key->fpr) primary = normalise_fingerprint(key->fpr);
    }
    return primary_of[fpr] = primary;
  }
};

Verifier::Verifier(TrustConfig trust, MimeLimits mime_depth) : impl_(new Impl{}) {
  std::unique_ptr<Impl> guard(impl_);
  check_keyring_readable(trust.gnupg_home);
  impl_->pgp_trusted = fingerprint_set(trust.pgp_fingerprints);
  impl_->smime_trusted = fingerprint_set(trust.smime_fingerprints);
  impl_->trust = std::move(trust);
  impl_->mime_depth = mime_depth;
  impl_->pgp = make_context(GPGME_PROTOCOL_OpenPGP, impl_->trust.gnupg_home);
  guard.release();
}

Verifier::~Verifier() { delete impl_; }

Verification Verifier::verify(std::string_view raw) {
  SignedPart part = locate_signed(raw);
  Verification v;
  v.kind = part.kind;
  if (part.kind == SignatureKind::none) {
    v.detail = "no signature";
    v.content = signed_content(raw, part, "", impl_->mime_depth);
    note_content_problems(v);
    return v;
  }
  Run run = run_verify(impl_->context_for(part.kind), part);
  Judgement j = judge(run.facts);
  bool smime = part.kind == SignatureKind::smime;
  // A bad OpenPGP signature names only a 16-hex key id: not a fingerprint.
  bool known = run.facts.fpr.size() > 16 && j.verdict != Verdict::unknown_key;
  if (known) {
    // S/MIME: s->fpr is the certificate's SHA-1 fingerprint, what is pinned.
    v.signer = smime ? normalise_fingerprint(run.facts.fpr) : impl_->primary_fingerprint(run.facts.fpr);
  }
  v.verdict = j.verdict;
  v.detail = j.detail;
  if (j.good && !(smime ? impl_->smime_trusted : impl_->pgp_trusted).contains(v.signer)) {
    v.verdict = Verdict::untrusted_key;
    v.detail = "good signature, but " + v.signer + " is not a trusted fingerprint";
  }
  if (v.verdict == Verdict::verified) v.signed_id = signed_id_of(part, run.plaintext, v.signer, run.facts.created);
  // Verified and hashed: the CRLF copy of the signed part goes before the
  // content is parsed from the raw bytes (part.entity).
  std::string().swap(part.signed_crlf);
  v.content = signed_content(raw, part, std::move(run.plaintext), impl_->mime_depth);
  note_content_problems(v);
  return v;
}

}  // namespace certbund

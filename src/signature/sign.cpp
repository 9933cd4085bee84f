// Detached OpenPGP signatures for the desk's own notices (RFC 3156),
// through the same GPGME handles as verification.

#include "certbund/signature.hpp"
#include "certbund/util.hpp"
#include "gpgme_handles.hpp"

namespace certbund {

using namespace sig;

namespace {

Context signing_context(const std::string& gnupg_home) {
  Context ctx = make_context(GPGME_PROTOCOL_OpenPGP, gnupg_home);
  gpgme_set_armor(ctx.get(), 1);
  // Loopback without a passphrase callback: a protected key fails at
  // once instead of waiting for a pinentry nobody will answer.
  if (gpgme_error_t err = gpgme_set_pinentry_mode(ctx.get(), GPGME_PINENTRY_MODE_LOOPBACK)) {
    throw Failure(Exit::config, std::string("gpgme: pinentry mode: ") + gpgme_strerror(err));
  }
  return ctx;
}

Key secret_key(gpgme_ctx_t ctx, const std::string& key, const std::string& gnupg_home) {
  gpgme_key_t raw = nullptr;
  gpgme_error_t err = gpgme_get_key(ctx, key.c_str(), &raw, 1);
  Key owned(raw);
  if (err || !raw || !raw->can_sign) {
    throw Failure(Exit::config, "sign_key " + key + ": no secret signing key in " + gnupg_home +
                                    (err ? std::string(": ") + gpgme_strerror(err) : ""));
  }
  return owned;
}

std::string micalg_of(gpgme_ctx_t ctx) {
  gpgme_sign_result_t result = gpgme_op_sign_result(ctx);
  if (!result || !result->signatures) throw Failure(Exit::temp_fail, "gpgme: signing made no signature");
  const char* name = gpgme_hash_algo_name(result->signatures->hash_algo);
  return "pgp-" + to_lower(name ? name : "sha256");
}

}  // namespace

void check_signing_key(const std::string& key, const std::string& gnupg_home) {
  Context ctx = signing_context(gnupg_home);
  secret_key(ctx.get(), key, gnupg_home);
}

DetachedSignature pgp_sign(std::string_view data, const std::string& key, const std::string& gnupg_home) {
  Context ctx = signing_context(gnupg_home);
  Key signer = secret_key(ctx.get(), key, gnupg_home);
  if (gpgme_error_t err = gpgme_signers_add(ctx.get(), signer.get())) {
    throw Failure(Exit::config, "sign_key " + key + ": " + gpgme_strerror(err));
  }
  Data in = data_over(data);
  Data out = empty_data();
  if (gpgme_error_t err = gpgme_op_sign(ctx.get(), in.get(), out.get(), GPGME_SIG_MODE_DETACH)) {
    throw Failure(Exit::temp_fail, "gpgme: signing with " + key + ": " + gpgme_strerror(err));
  }
  return {data_contents(out.get()), micalg_of(ctx.get())};
}

}  // namespace certbund

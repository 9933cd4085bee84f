#include <gpgme.h>

#include <memory>
#include <mutex>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

struct ContextDeleter {
  void operator()(gpgme_ctx_t ctx) const { gpgme_release(ctx); }
};
using Context = std::unique_ptr<gpgme_context, ContextDeleter>;

struct DataDeleter {
  void operator()(gpgme_data_t d) const { gpgme_data_release(d); }
};
using Data = std::unique_ptr<gpgme_data, DataDeleter>;

struct KeyDeleter {
  void operator()(gpgme_key_t k) const { gpgme_key_unref(k); }
};
using Key = std::unique_ptr<_gpgme_key, KeyDeleter>;

std::string describe(gpgme_error_t err) { return gpgme_strerror(err); }

Context open_context(const std::string& gnupg_home) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { gpgme_check_version(nullptr); });
  gpgme_ctx_t raw = nullptr;
  if (gpgme_error_t err = gpgme_new(&raw)) throw Failure(Exit::config, "gpgme: " + describe(err));
  Context ctx(raw);
  gpgme_set_protocol(raw, GPGME_PROTOCOL_OpenPGP);
  const char* home = gnupg_home.empty() ? nullptr : gnupg_home.c_str();
  if (gpgme_error_t err = gpgme_ctx_set_engine_info(raw, GPGME_PROTOCOL_OpenPGP, nullptr, home)) {
    throw Failure(Exit::config, gnupg_home + ": " + describe(err));
  }
  gpgme_set_armor(raw, 1);
  // Loopback without a passphrase callback: a protected key fails at
  // once instead of waiting for a pinentry nobody will answer.
  gpgme_set_pinentry_mode(raw, GPGME_PINENTRY_MODE_LOOPBACK);
  return ctx;
}

Key secret_key(gpgme_ctx_t ctx, const std::string& key, const std::string& gnupg_home) {
  gpgme_key_t raw = nullptr;
  gpgme_error_t err = gpgme_get_key(ctx, key.c_str(), &raw, 1);
  if (err || !raw || !raw->can_sign) {
    if (raw) gpgme_key_unref(raw);
    throw Failure(Exit::config, "sign_key " + key + ": no secret signing key in " + gnupg_home +
                                    (err ? ": " + describe(err) : ""));
  }
  return Key(raw);
}

std::string take_string(Data data) {
  size_t size = 0;
  char* bytes = gpgme_data_release_and_get_mem(data.release(), &size);
  std::string out(bytes ? bytes : "", size);
  gpgme_free(bytes);
  return out;
}

std::string micalg_of(gpgme_ctx_t ctx) {
  gpgme_sign_result_t result = gpgme_op_sign_result(ctx);
  if (!result || !result->signatures) throw Failure(Exit::temp_fail, "gpgme: signing made no signature");
  const char* name = gpgme_hash_algo_name(result->signatures->hash_algo);
  return "pgp-" + to_lower(name ? name : "sha256");
}

}  // namespace

void check_signing_key(const std::string& key, const std::string& gnupg_home) {
  Context ctx = open_context(gnupg_home);
  secret_key(ctx.get(), key, gnupg_home);
}

DetachedSignature pgp_sign(std::string_view data, const std::string& key, const std::string& gnupg_home) {
  Context ctx = open_context(gnupg_home);
  Key signer = secret_key(ctx.get(), key, gnupg_home);
  gpgme_signers_add(ctx.get(), signer.get());
  gpgme_data_t in_raw = nullptr, out_raw = nullptr;
  gpgme_data_new_from_mem(&in_raw, data.data(), data.size(), 0);
  Data in(in_raw);
  gpgme_data_new(&out_raw);
  Data out(out_raw);
  if (gpgme_error_t err = gpgme_op_sign(ctx.get(), in.get(), out.get(), GPGME_SIG_MODE_DETACH)) {
    throw Failure(Exit::temp_fail, "gpgme: signing with " + key + ": " + describe(err));
  }
  return {take_string(std::move(out)), micalg_of(ctx.get())};
}

}  // namespace certbund::notice_parts

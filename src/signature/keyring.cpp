#include <unistd.h>

#include <filesystem>

#include "certbund/signature.hpp"
#include "certbund/util.hpp"
#include "gpgme_handles.hpp"
#include "locate.hpp"

namespace certbund {

namespace fs = std::filesystem;
using namespace sig;

namespace {

// The files GnuPG (pubring.kbx, pubring.gpg, trustdb.gpg) and gpgsm keep
// keys and certificates in; those that exist must be readable.
constexpr const char* k_key_files[] = {"pubring.kbx", "pubring.gpg", "trustdb.gpg", "trustlist.txt"};

std::string who() { return "uid " + std::to_string(geteuid()); }

std::string first_user_id(gpgme_key_t key) {
  return key->uids && key->uids->uid ? std::string(key->uids->uid) : std::string();
}

// Why the key cannot sign a report, or "".
std::string problem_of(gpgme_key_t key) {
  if (key->revoked) return "revoked";
  if (key->expired) return "expired";
  if (key->disabled) return "disabled";
  if (key->invalid) return "invalid";
  for (gpgme_subkey_t sub = key->subkeys; sub; sub = sub->next) {
    if (sub->can_sign && !sub->revoked && !sub->expired && !sub->disabled && !sub->invalid) return "";
  }
  return "no usable signing (sub)key";
}

}  // namespace

void check_keyring_readable(const std::string& gnupg_home) {
  if (gnupg_home.empty()) return;
  std::error_code ec;
  if (!fs::is_directory(gnupg_home, ec)) {
    throw Failure(Exit::config, "pgp.gnupg_home: " + gnupg_home + ": not a directory" +
                                    (ec ? " (" + ec.message() + ")" : std::string()));
  }
  if (access(gnupg_home.c_str(), R_OK | X_OK) != 0) {
    throw Failure(Exit::config, "pgp.gnupg_home: " + gnupg_home + ": not readable by " + who());
  }
  for (const char* name : k_key_files) {
    fs::path file = fs::path(gnupg_home) / name;
    if (fs::exists(file, ec) && access(file.c_str(), R_OK) != 0) {
      throw Failure(Exit::config, "pgp.gnupg_home: " + file.string() + ": not readable by " + who());
    }
  }
}

KeyStatus inspect_key(const std::string& gnupg_home, const std::string& fingerprint, bool smime) {
  check_keyring_readable(gnupg_home);
  Context ctx = make_context(smime ? GPGME_PROTOCOL_CMS : GPGME_PROTOCOL_OpenPGP, gnupg_home);
  KeyStatus status;
  gpgme_key_t raw = nullptr;
  if (gpgme_get_key(ctx.get(), fingerprint.c_str(), &raw, 0) != 0 || !raw) return status;
  Key key(raw);
  // A subkey's fingerprint finds its key too: only the primary is pinned.
  if (!key->fpr || normalise_fingerprint(key->fpr) != normalise_fingerprint(fingerprint)) return status;
  status.present = true;
  status.user_id = first_user_id(key.get());
  status.problem = problem_of(key.get());
  status.usable = status.problem.empty();
  if (key->subkeys && key->subkeys->expires > 0) status.expires = key->subkeys->expires;
  return status;
}

}  // namespace certbund

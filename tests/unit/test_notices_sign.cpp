#include <doctest/doctest.h>
#include <gpgme.h>

#include <cstdio>

#include "notices_support.hpp"

using namespace notices_test;

namespace {

// A throw-away GnuPG home with a passphrase-less ed25519 signing key.
struct DeskKey {
  TempDir home;
  std::string fingerprint;

  DeskKey() {
    std::string h = home.path.string();
    std::system(("gpg --homedir " + h +
                 " --batch --passphrase '' --quick-gen-key "
                 "'Desk Test INSECURE <abuse@example.net>' ed25519 sign never 2>/dev/null")
                    .c_str());
    FILE* p = popen(("gpg --homedir " + h + " --with-colons -K 2>/dev/null").c_str(), "r");
    char line[512];
    while (p && fingerprint.empty() && fgets(line, sizeof line, p)) {
      std::vector<std::string> fields = split(line, ':');
      if (fields[0] == "fpr") fingerprint = fields[9];
    }
    if (p) pclose(p);
  }
  ~DeskKey() { std::system(("gpgconf --homedir " + home.path.string() + " --kill all 2>/dev/null").c_str()); }
};

std::string between(const std::string& s, const std::string& from, const std::string& to) {
  size_t a = s.find(from);
  if (a == std::string::npos) return "";
  a += from.size();
  size_t b = s.find(to, a);
  return b == std::string::npos ? "" : s.substr(a, b - a);
}

// gpgme's verdict on a detached signature: the signer's fingerprint, or
// empty when the signature is not good.
std::string good_signer(const std::string& home, const std::string& signed_part, const std::string& signature) {
  gpgme_check_version(nullptr);
  gpgme_ctx_t ctx = nullptr;
  gpgme_new(&ctx);
  gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str());
  gpgme_data_t sig = nullptr, text = nullptr;
  gpgme_data_new_from_mem(&sig, signature.data(), signature.size(), 0);
  gpgme_data_new_from_mem(&text, signed_part.data(), signed_part.size(), 0);
  std::string signer;
  if (gpgme_op_verify(ctx, sig, text, nullptr) == 0) {
    gpgme_verify_result_t result = gpgme_op_verify_result(ctx);
    gpgme_signature_t s = result ? result->signatures : nullptr;
    if (s && !s->next && gpgme_err_code(s->status) == GPG_ERR_NO_ERROR && s->fpr) signer = s->fpr;
  }
  gpgme_data_release(sig);
  gpgme_data_release(text);
  gpgme_release(ctx);
  return signer;
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("signed notice is PGP/MIME and verifies with GPGME") {
    DeskKey key;
    REQUIRE(key.fingerprint.size() == 40);
    NoticeConfig cfg = config();
    cfg.sign_key = key.fingerprint;
    cfg.gnupg_home = key.home.path.string();
    Report r = report("memcached", "Offene Memcached-Server");
    Notice n = NoticeRenderer(cfg).render(r, customer(Language::de_en), own_rows(r), 0);

    std::string head = head_of(n.bytes);
    CHECK(head.find("Content-Type: multipart/signed; micalg=pgp-sha256;\r\n"
                    " protocol=\"application/pgp-signature\";\r\n boundary=\"") != std::string::npos);
    std::string boundary = between(head, "boundary=\"", "\"");
    REQUIRE_FALSE(boundary.empty());
    std::string signed_part = between(n.bytes, "--" + boundary + "\r\n", "\r\n--" + boundary + "\r\n");
    std::string signature = between(n.bytes, "-----BEGIN PGP SIGNATURE-----", "-----END PGP SIGNATURE-----");
    REQUIRE(
        signed_part.starts_with("Content-Type: text/plain; charset=utf-8\r\n"
                                "Content-Transfer-Encoding: quoted-printable\r\n\r\n"));
    signature = "-----BEGIN PGP SIGNATURE-----" + signature + "-----END PGP SIGNATURE-----\r\n";
    CHECK(n.bytes.ends_with("--" + boundary + "--\r\n"));
    CHECK(good_signer(cfg.gnupg_home, signed_part, signature) == key.fingerprint);

    std::string tampered = signed_part;
    tampered[tampered.size() / 2] ^= 1;
    CHECK(good_signer(cfg.gnupg_home, tampered, signature).empty());
    CHECK(qp_decode(signed_part.substr(signed_part.find("\r\n\r\n") + 4)).find("-U 0") != std::string::npos);
  }
  TEST_CASE("a signed notice with a CSV attachment: the signature covers the attachment") {
    DeskKey key;
    REQUIRE(key.fingerprint.size() == 40);
    NoticeConfig cfg = config();
    cfg.sign_key = key.fingerprint;
    cfg.gnupg_home = key.home.path.string();
    cfg.max_rows_inline = 1;
    Report r = report("memcached", "Offene Memcached-Server");
    Notice n = NoticeRenderer(cfg).render(r, customer(Language::de), r.rows, 0);

    std::string boundary = between(head_of(n.bytes), "boundary=\"", "\"");
    REQUIRE_FALSE(boundary.empty());
    std::string signed_part = between(n.bytes, "--" + boundary + "\r\n", "\r\n--" + boundary + "\r\n");
    std::string signature = between(n.bytes, "-----BEGIN PGP SIGNATURE-----", "-----END PGP SIGNATURE-----");
    signature = "-----BEGIN PGP SIGNATURE-----" + signature + "-----END PGP SIGNATURE-----\r\n";
    REQUIRE(signed_part.starts_with("Content-Type: multipart/mixed; boundary=\""));
    std::size_t csv_at = signed_part.find("Content-Type: text/csv; charset=utf-8");
    REQUIRE(csv_at != std::string::npos);
    CHECK(signed_part.find("198.51.100.7", csv_at) != std::string::npos);
    CHECK(good_signer(cfg.gnupg_home, signed_part, signature) == key.fingerprint);

    std::string tampered = signed_part;
    tampered[signed_part.find("198.51.100.7", csv_at)] = '2';  // a row of the attachment changed
    CHECK(good_signer(cfg.gnupg_home, tampered, signature).empty());
  }
  TEST_CASE("a signing key that is not in the keyring is a config failure") {
    DeskKey key;
    NoticeConfig cfg = config();
    cfg.sign_key = "0123456789ABCDEF0123456789ABCDEF01234567";
    cfg.gnupg_home = key.home.path.string();
    try {
      NoticeRenderer renderer(cfg);
      FAIL("no failure");
    } catch (const Failure& f) {
      CHECK(f.exit() == Exit::config);
      CHECK(std::string(f.what()).find("sign_key 0123456789ABCDEF") != std::string::npos);
    }
  }
}

// inspect_key: what `certbund check` reports about each pinned fingerprint.
#include <doctest/doctest.h>

#include "signature_fixture.hpp"

using namespace certbund;
using certbund::test::fingerprints;
using certbund::test::Keyring;

TEST_SUITE("signature.keyring") {
  TEST_CASE("a pinned key in the keyring is present and usable") {
    KeyStatus s = inspect_key(Keyring::home(), fingerprints()["trusted"], false);
    CHECK(s.present);
    CHECK(s.usable);
    CHECK(s.problem == "");
    CHECK(s.user_id.find("INSECURE") != std::string::npos);
  }
  TEST_CASE("a fingerprint that is not in the keyring is not present") {
    KeyStatus s = inspect_key(Keyring::home(), "0000000000000000000000000000000000000000", false);
    CHECK_FALSE(s.present);
    CHECK_FALSE(s.usable);
  }
  TEST_CASE("any case and blanks find the key") {
    std::string fpr = to_lower(fingerprints()["trusted"]);
    CHECK(inspect_key(Keyring::home(), fpr, false).present);
  }
  TEST_CASE("an expired and a revoked key are present, not usable, and say why") {
    KeyStatus expired = inspect_key(Keyring::home(), fingerprints()["expired"], false);
    CHECK(expired.present);
    CHECK_FALSE(expired.usable);
    CHECK(expired.problem == "expired");
    REQUIRE(expired.expires.has_value());
    CHECK(*expired.expires < now_utc());
    KeyStatus revoked = inspect_key(Keyring::home(), fingerprints()["revoked"], false);
    CHECK(revoked.present);
    CHECK(revoked.problem == "revoked");
  }
  TEST_CASE("the S/MIME certificate is found by gpgsm") {
    KeyStatus s = inspect_key(Keyring::home(), fingerprints()["smime"], true);
    CHECK(s.present);
    CHECK(s.usable);
    CHECK_FALSE(inspect_key(Keyring::home(), fingerprints()["smime"], false).present);
  }
  TEST_CASE("a keyring folder that does not exist is a config failure") {
    CHECK_THROWS_AS(inspect_key("/nonexistent/gnupg", fingerprints()["trusted"], false), Failure);
    CHECK_THROWS_AS(check_keyring_readable("/nonexistent/gnupg"), Failure);
  }
}

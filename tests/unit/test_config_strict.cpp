// Strict config: every mistake of the trial run is an error with
// its line, never a config that silently verifies nothing.
#include <doctest/doctest.h>

#include "certbund/config.hpp"
#include "temp_dir.hpp"

using namespace certbund;
using certbund::test::TempDir;

namespace {

const std::string k_fpr = "A19B0C024B439013458706469AD73BDC722C0FF2";

// Line 1 is empty; [database] is line 2, [pgp] line 4, its keys 5 and 6,
// [smtp] line 7, smtp.from line 9.
std::string valid(const std::string& pgp_extra = "") {
  return "\n[database]\npath = \"db.sqlite\"\n[pgp]\ngnupg_home = \"gnupg\"\ntrusted_fingerprints = [\"" + k_fpr +
         "\"]\n" + pgp_extra + "[smtp]\nurl = \"smtp://127.0.0.1:2525\"\nfrom = \"abuse@example.net\"\n";
}

// The error of loading `text`, "" when it loads.
std::string error_of(const std::string& text) {
  TempDir dir;
  auto config = load_config(dir.write("certbund.toml", text));
  if (config) return "";
  CHECK(config.error().exit == Exit::config);
  std::string message = config.error().message;
  std::string prefix = (dir.path / "certbund.toml").string() + ":";
  REQUIRE(message.starts_with(prefix));
  return message.substr(prefix.size());
}

}  // namespace

TEST_SUITE("config.strict") {
  TEST_CASE("the valid base loads") { CHECK(error_of(valid()) == ""); }

  TEST_CASE("a misspelt section is an error at its line, with the right name") {
    std::string text = valid() + "[databse]\npath = \"other.sqlite\"\n";
    CHECK(error_of(text) == "10: unknown section [databse] (did you mean [database]?)");
  }

  TEST_CASE("a misspelt key is an error at its line, with the right name") {
    std::string text = "[pgp]\ntrusted_fingerprint = [\"" + k_fpr + "\"]\n[smtp]\nfrom = \"a@b.example\"\n";
    std::string error = error_of(text);
    CHECK(error.starts_with("2: unknown key pgp.trusted_fingerprint (did you mean pgp.trusted_fingerprints?)"));
  }

  TEST_CASE("a key ID is not a fingerprint") {
    std::string text = valid();
    CHECK(error_of(text.replace(text.find(k_fpr), 40, "9AD73BDC722C0FF2"))
              .starts_with("6: pgp.trusted_fingerprints: \"9AD73BDC722C0FF2\" is a short key ID"));
    text = valid();
    CHECK(error_of(text.replace(text.find(k_fpr), 40, "0x9AD73BDC722C0FF2"))
              .starts_with("6: pgp.trusted_fingerprints: \"0x9AD73BDC722C0FF2\" is a key ID"));
    text = valid();
    CHECK(error_of(text.replace(text.find(k_fpr), 40, k_fpr.substr(0, 39))).find("has 39 hex digits") !=
          std::string::npos);
  }

  TEST_CASE("a string where a list belongs is an error") {
    std::string text = valid();
    text.replace(text.find("[\"" + k_fpr + "\"]"), 44, "\"" + k_fpr + "\"");
    CHECK(error_of(text) == "6: pgp.trusted_fingerprints must be a list of strings, [\"...\", ...], not a string");
  }

  TEST_CASE("values of the wrong type are errors") {
    CHECK(error_of(valid() + "[notify]\non_ingest = \"yes\"\n") ==
          "11: notify.on_ingest must be true or false (no quotes), not a string");
    CHECK(error_of(valid() + "timeout_seconds = \"30\"\n") ==
          "10: smtp.timeout_seconds must be a whole number, not a string");
    CHECK(error_of(valid() + "[notify]\nremind_after_days = -1\n") ==
          "11: notify.remind_after_days must be between 0 and 3650, not -1");
    CHECK(error_of(valid() + "[templates]\ndir = 1\n") == "11: templates.dir must be a string in quotes, not a number");
    CHECK(error_of("notify = true\n" + valid()) == "1: notify must be a section [notify], not true/false");
  }

  TEST_CASE("a mailbox needs path or url, and only one") {
    CHECK(
        error_of(valid() + "[[mailbox]]\npassword_file = \"x\"\n").starts_with("10: a [[mailbox]] needs either path"));
    CHECK(error_of(valid() + "[[mailbox]]\n").starts_with("10: a [[mailbox]] needs either path"));
    CHECK(error_of(valid() + "[[mailbox]]\npath = \"Maildir\"\nurl = \"imaps://a@b/INBOX\"\npassword_file = \"s\"\n")
              .starts_with("12: a [[mailbox]] needs either path"));
    CHECK(error_of(valid() + "[[mailbox]]\nurl = \"https://a@b/INBOX\"\npassword_file = \"s\"\n")
              .starts_with("11: mailbox.url must start with imap:// or imaps://"));
    CHECK(error_of(valid() + "[[mailbox]]\nurl = \"imaps://a@b/INBOX\"\n")
              .starts_with("11: mailbox imaps://a@b/INBOX has no password_file"));
    CHECK(error_of(valid() + "[[mailbox]]\npath = \"Maildir\"\nfolder = \"x\"\n") == "12: unknown key mailbox.folder");
  }

  TEST_CASE("an smtp.url of another scheme is an error") {
    std::string text = valid();
    text.replace(text.find("smtp://127"), 7, "http://");
    CHECK(error_of(text).starts_with("8: smtp.url must start with smtp:// or smtps://"));
  }

  TEST_CASE("every problem is named on the one line, in file order, so one run shows what to fix") {
    std::string text = "[pgp]\ntrusted_fingerprints = [\"ABCD\"]\n[smtp]\nfrom = \"a@b.example\"\nport = 25\n";
    std::string error = error_of(text);
    CHECK(error.starts_with("2: pgp.trusted_fingerprints: \"ABCD\" has 4 hex digits"));
    CHECK(error.find("; line 5: ") != std::string::npos);  // port
    CHECK(error.find("no mail could ever be verified") != std::string::npos);
    CHECK(error.find('\n') == std::string::npos);
  }

  TEST_CASE("fingerprints as gpg and gpgsm print them are accepted, as uppercase hex") {
    CHECK(fingerprint_from_text("a19b 0c02 4b43 9013 4587  0646 9ad7 3bdc 722c 0ff2") == k_fpr);
    CHECK(fingerprint_from_text("31:FC:5E:A0:84:B0:D6:69:7B:11:84:A5:0F:D4:CF:B9:3C:1B:B3:FB") ==
          "31FC5EA084B0D6697B1184A50FD4CFB93C1BB3FB");
    CHECK(fingerprint_from_text(std::string(64, 'e')) == std::string(64, 'E'));
    CHECK_FALSE(fingerprint_from_text("A19B0C02-4B43").has_value());
    CHECK_FALSE(fingerprint_from_text("").has_value());
  }

  TEST_CASE("notify.sign_key must be a fingerprint too") {
    CHECK(error_of(valid() + "[notify]\nsign_key = \"desk@example.net\"\n")
              .starts_with("11: notify.sign_key: \"desk@example.net\" is not a fingerprint"));
  }

  TEST_CASE("without database, pgp.gnupg_home and dry_run_dir the FHS places are used") {
    TempDir dir;
    auto config = load_config(
        dir.write("c.toml", "[pgp]\ntrusted_fingerprints = [\"" + k_fpr + "\"]\n[smtp]\nfrom = \"a@b.example\"\n"));
    REQUIRE(config.has_value());
    CHECK(config->database_path == "/var/lib/certbund/certbund.sqlite");
    CHECK(config->trust.gnupg_home == "/var/lib/certbund/gnupg");
    CHECK(config->notices.gnupg_home == "/var/lib/certbund/gnupg");
    CHECK(config->dry_run_dir == "/var/lib/certbund/dry-run");
  }

  TEST_CASE("an empty path is an error, not the config's own folder") {
    CHECK(error_of(valid() + "[notify]\ndry_run_dir = \"\"\n") == "11: notify.dry_run_dir is empty");
  }
}

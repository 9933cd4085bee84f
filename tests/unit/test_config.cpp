#include <doctest/doctest.h>

#include "certbund/config.hpp"
#include "temp_dir.hpp"

using namespace certbund;
using certbund::test::TempDir;
namespace fs = std::filesystem;

namespace {

const char* k_minimal = R"(
[database]
path = "var/db.sqlite"
[pgp]
gnupg_home = "keys"
trusted_fingerprints = ["A19B0C024B439013458706469AD73BDC722C0FF2"]
[smtp]
url = "smtp://127.0.0.1:2525"
from = "abuse@example.net"
)";

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("relative paths are taken from the config file's folder") {
    TempDir dir;
    auto config = load_config(dir.write("certbund.toml", k_minimal));
    REQUIRE(config.has_value());
    CHECK(config->database_path == dir.path / "var/db.sqlite");
    CHECK(config->trust.gnupg_home == (dir.path / "keys").string());
    CHECK(config->notices.templates_dir.empty());  // the built-in templates
    CHECK(config->remind_after_days == 7);
    CHECK_FALSE(config->notify_on_ingest);
    CHECK(config->smtp.starttls == StartTls::opportunistic);
  }
  TEST_CASE("limits: safe defaults, and what the file sets") {
    TempDir dir;
    auto config = load_config(dir.write("c.toml", k_minimal));
    REQUIRE(config.has_value());
    CHECK(config->limits.mime_depth == 64);
    CHECK(config->limits.clock_skew == 86400);
    CHECK(config->limits.max_mail_bytes == 64 << 20);
    CHECK(config->limits.max_header_bytes == 65536);
    CHECK(config->limits.max_parts == 1000);
    CHECK(config->limits.max_rows == 200000);
    CHECK(config->notices.max_rows_inline == 500);
    config =
        load_config(dir.write("c.toml", std::string(k_minimal) + "[limits]\nmime_depth = 8\nclock_skew = \"36h\"\n"));
    REQUIRE(config.has_value());
    CHECK(config->limits.mime_depth == 8);
    CHECK(config->limits.clock_skew == 36 * 3600);
    config = load_config(dir.write("c.toml", std::string(k_minimal) +
                                                 "[notify]\nmax_rows_inline = 20\n[limits]\nmax_mail_bytes = 2048\n"
                                                 "max_header_bytes = 1000\nmax_parts = 7\nmax_rows = 50\n"));
    REQUIRE(config.has_value());
    CHECK(config->limits.max_mail_bytes == 2048);
    CHECK(config->limits.max_header_bytes == 1000);
    CHECK(config->limits.max_parts == 7);
    CHECK(config->limits.max_rows == 50);
    CHECK(config->limits.mime().parts == 7);
    CHECK(config->limits.mime().header_bytes == 1000);
    CHECK(config->notices.max_rows_inline == 20);
    CHECK_FALSE(load_config(dir.write("c.toml", std::string(k_minimal) + "[limits]\nmax_parts = 0\n")).has_value());
  }
  TEST_CASE("limits: clock_skew as seconds or with a unit; anything else names file and line") {
    TempDir dir;
    auto skew = [&](const std::string& value) {
      return load_config(dir.write("c.toml", std::string(k_minimal) + "[limits]\nclock_skew = " + value + "\n"));
    };
    CHECK(skew("600")->limits.clock_skew == 600);
    CHECK(skew("\"0s\"")->limits.clock_skew == 0);
    CHECK(skew("\"90m\"")->limits.clock_skew == 5400);
    CHECK(skew("\"2d\"")->limits.clock_skew == 172800);
    for (const char* bad : {"-1", "\"1w\"", "\"d\"", "\"1.5h\"", "\"400d\"", "\"-3h\"", "true", "1.5"}) {
      CAPTURE(bad);
      auto config = skew(bad);
      REQUIRE_FALSE(config.has_value());
      CHECK(config.error().message.find("c.toml:11: limits.clock_skew") != std::string::npos);
    }
  }
  TEST_CASE("limits: a depth that is no whole number from 1 to 10000 names file and line") {
    TempDir dir;
    for (const char* bad : {"0", "-3", "100000", "\"deep\"", "2.5"}) {
      CAPTURE(bad);
      auto config = load_config(dir.write("c.toml", std::string(k_minimal) + "[limits]\nmime_depth = " + bad + "\n"));
      REQUIRE_FALSE(config.has_value());
      CHECK(config.error().exit == Exit::config);
      CHECK(config.error().message.find("c.toml:11: limits.mime_depth") != std::string::npos);
    }
  }
  TEST_CASE("a syntax error names file and line") {
    TempDir dir;
    auto config = load_config(dir.write("bad.toml", "[database]\npath = \"x\"\n[smtp\n"));
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().exit == Exit::config);
    CHECK(config.error().message.find("bad.toml:3:") != std::string::npos);
  }
  TEST_CASE("no trusted fingerprint is a config error") {
    TempDir dir;
    auto config = load_config(dir.write("c.toml", "[smtp]\nfrom = \"a@b\"\n"));
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().message.find("trusted_fingerprints") != std::string::npos);
  }
  TEST_CASE("mailboxes are read in order") {
    TempDir dir;
    std::string text = std::string(k_minimal) +
                       "[[mailbox]]\npath = \"Maildir\"\n[[mailbox]]\nurl = \"imaps://a@b/INBOX\"\n"
                       "password_file = \"imap.secret\"\n";
    auto config = load_config(dir.write("c.toml", text));
    REQUIRE(config.has_value());
    REQUIRE(config->mailboxes.size() == 2);
    CHECK(config->mailboxes[0].path == dir.path / "Maildir");
    CHECK(config->mailboxes[1].url == "imaps://a@b/INBOX");
  }
  TEST_CASE("an IMAP mailbox takes ca_file (relative to the config) and verify_peer, as smtp does") {
    TempDir dir;
    std::string text = std::string(k_minimal) +
                       "[[mailbox]]\nurl = \"imaps://a@b/INBOX\"\npassword_file = \"pw\"\nca_file = \"tls/ca.pem\"\n"
                       "verify_peer = false\n"
                       "[[mailbox]]\nurl = \"imaps://c@d/INBOX\"\npassword_file = \"pw\"\n";
    auto config = load_config(dir.write("c.toml", text));
    REQUIRE(config.has_value());
    REQUIRE(config->mailboxes.size() == 2);
    CHECK(config->mailboxes[0].tls.ca_file == (dir.path / "tls/ca.pem").string());
    CHECK_FALSE(config->mailboxes[0].tls.verify_peer);
    CHECK(config->mailboxes[1].tls.ca_file.empty());
    CHECK(config->mailboxes[1].tls.verify_peer);
  }
  TEST_CASE("ca_file and verify_peer on a Maildir or mbox mailbox are refused") {
    TempDir dir;
    auto config = load_config(
        dir.write("c.toml", std::string(k_minimal) + "[[mailbox]]\npath = \"Maildir\"\nverify_peer = false\n"));
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().message.find("only for an IMAP url") != std::string::npos);
  }
  TEST_CASE("incidents.auto_resolve_days and retention.days: off and unset by default, checked when given") {
    TempDir dir;
    auto plain = load_config(dir.write("c.toml", std::string(k_minimal)));
    REQUIRE(plain.has_value());
    CHECK(plain->auto_resolve_days == 0);
    CHECK(plain->retention_days == 0);
    auto set = load_config(
        dir.write("c.toml", std::string(k_minimal) + "[incidents]\nauto_resolve_days = 14\n[retention]\ndays = 180\n"));
    REQUIRE(set.has_value());
    CHECK(set->auto_resolve_days == 14);
    CHECK(set->retention_days == 180);
    auto bad = load_config(dir.write("c.toml", std::string(k_minimal) + "[retention]\ndays = 0\n"));
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message.find("retention.days") != std::string::npos);
  }
  TEST_CASE("notify.escalate_after_days: off by default; needs a desk_address that is an address") {
    TempDir dir;
    auto notify = [&](const std::string& keys) {
      return load_config(dir.write("c.toml", std::string(k_minimal) + "[notify]\n" + keys));
    };
    auto off = notify("");
    REQUIRE(off.has_value());
    CHECK(off->escalate_after_days == 0);
    auto on = notify("escalate_after_days = 14\ndesk_address = \"desk@example.net\"\n");
    REQUIRE(on.has_value());
    CHECK(on->escalate_after_days == 14);
    CHECK(on->desk_address == "desk@example.net");
    auto alone = notify("escalate_after_days = 14\n");
    REQUIRE_FALSE(alone.has_value());
    CHECK(alone.error().message.find("notify.desk_address") != std::string::npos);
    auto bad = notify("escalate_after_days = 14\ndesk_address = \"Desk <desk@example.net>\"\n");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message.find("bare address") != std::string::npos);
  }
  TEST_CASE("an unknown starttls value is refused") {
    TempDir dir;
    auto config = load_config(dir.write("c.toml", std::string(k_minimal) + "starttls = \"maybe\"\n"));
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().message.find("starttls") != std::string::npos);
  }
  TEST_CASE("--config naming a missing file is an error, not a fallback") {
    auto found = find_config(fs::path("/nonexistent/certbund.toml"));
    REQUIRE_FALSE(found.has_value());
    CHECK(found.error().exit == Exit::config);
  }
}

TEST_SUITE("config") {
  TEST_CASE("an unreadable smtp.password_file is a config error, not an empty password") {
    TempDir dir;
    auto config = load_config(dir.write("c.toml", std::string(k_minimal) + "password_file = \"nope.secret\"\n"));
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().exit == Exit::config);
    CHECK(config.error().message.find("nope.secret") != std::string::npos);
  }
  TEST_CASE("the password file's first line, trimmed") {
    TempDir dir;
    dir.write("smtp.secret", "  s3cret \nsecond line\n");
    auto config = load_config(dir.write("c.toml", std::string(k_minimal) + "password_file = \"smtp.secret\"\n"));
    REQUIRE(config.has_value());
    CHECK(config->smtp.password == "s3cret");
  }
}

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>

#include "store_fixture.hpp"

using namespace store_test;

namespace {
std::int64_t count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

MailVerdict verification(Verdict verdict) {
  MailVerdict v;
  v.verdict = verdict;
  v.kind = SignatureKind::pgp_inline;
  v.signer = "ABCD";
  v.detail = "why";
  return v;
}
}  // namespace

TEST_SUITE("store") {
  TEST_CASE("migrations applied once: reopen does not re-apply") {
    TempDir dir;
    const auto path = dir.path / "a" / "b.sqlite";
    int applied = 0;
    {
      Store first(path);
      applied = count(first.db(), "SELECT count(*) FROM schema_migrations");
    }
    Store again(path);
    CHECK(applied >= 1);
    CHECK(count(again.db(), "SELECT count(*) FROM schema_migrations") == applied);
    CHECK(again.db().execAndGet("SELECT min(name) FROM schema_migrations").getString() == "001_init");
    CHECK(again.db().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(count(again.db(), "PRAGMA foreign_keys") == 1);
  }
  TEST_CASE("same mail sha256 found, stored once") {
    Fixture f;
    const auto sha = sha256_hex("raw mail");
    CHECK(f.store.find_mail(sha) == f.mail_id);
    CHECK(f.store.add_mail({"raw mail", "other", "", "", ""}, k_t0 + 5) == f.mail_id);
    CHECK_FALSE(f.store.find_mail(sha256_hex("another")).has_value());
    CHECK(count(f.store.db(), "SELECT count(*) FROM mails") == 1);
  }
  TEST_CASE("raw bytes kept exactly, NUL and CRLF included") {
    Fixture f;
    const std::string raw("a\r\n\0b\xff", 6);
    const auto id = f.store.add_mail({raw, "", "", "", ""}, k_t0);
    CHECK(f.store.mail_raw(id) == raw);
    CHECK(f.store.mail(id)->size == 6);
    CHECK_FALSE(f.store.mail_raw(id + 100).has_value());
  }
  TEST_CASE("every text column holds valid UTF-8 whatever bytes a stage hands in; raw bytes stay exact") {
    Fixture f;
    const std::string latin1 =
        "M\xFCller B\xE4"
        "ckerei";
    const std::string raw = "Subject: " + latin1 + "\n\n";
    const auto id = f.store.add_mail({raw, "/var/mail/" + latin1, latin1, latin1, "<" + latin1 + ">"}, k_t0);
    MailVerdict v = verification(Verdict::verified);
    v.detail = latin1;
    f.store.set_verification(id, v);
    auto customers = sample_customers();
    customers[0].name = latin1;
    f.store.replace_customers(customers, k_t0);
    Report r = report("CB-Report#1", {row("192.0.2.17", k_t0)});
    r.topic = latin1;
    r.rows[0].extra = {{"hostname", "cache." + latin1}};
    f.store.record_events(f.store.add_report(id, r), r, 7, k_t0);
    CHECK(f.store.mail_raw(id) == raw);
    CHECK(f.store.mail(id)->subject == "Müller Bäckerei");
    CHECK(f.store.customer("c1001")->name == "Müller Bäckerei");
    // No TEXT value in any table is invalid UTF-8.
    SQLite::Statement tables(f.store.db(), "SELECT name FROM sqlite_master WHERE type = 'table'");
    std::size_t texts = 0;
    while (tables.executeStep()) {
      SQLite::Statement all(f.store.db(), "SELECT * FROM " + tables.getColumn(0).getString());
      while (all.executeStep()) {
        for (int c = 0; c < all.getColumnCount(); ++c) {
          if (!all.getColumn(c).isText()) continue;
          ++texts;
          CAPTURE(all.getColumnName(c));
          CHECK(is_valid_utf8(all.getColumn(c).getString()));
        }
      }
    }
    CHECK(texts > 20);
    CHECK(count(f.store.db(), "SELECT count(*) FROM events WHERE extra LIKE '%cache.Müller Bäckerei%'") == 1);
  }
  TEST_CASE("attached mails: which mail carried which, both ways, once each") {
    Fixture f;
    const auto report = f.store.add_mail({"the report", "", "", "", ""}, k_t0);
    const auto other = f.store.add_mail({"another report", "", "", "", ""}, k_t0);
    const auto second_carrier = f.store.add_mail({"a second forward", "", "", "", ""}, k_t0);
    f.store.link_attached(f.mail_id, other, 2);
    f.store.link_attached(f.mail_id, report, 1);
    f.store.link_attached(f.mail_id, report, 1);  // a reparse of the carrier
    f.store.link_attached(second_carrier, report, 1);
    CHECK(f.store.attached_to(f.mail_id) == std::vector<std::int64_t>{report, other});
    CHECK(f.store.carriers_of(report) == std::vector<std::int64_t>{f.mail_id, second_carrier});
    CHECK(f.store.carriers_of(f.mail_id).empty());
    CHECK(f.store.attached_to(report).empty());
    CHECK_THROWS_AS(f.store.link_attached(f.mail_id, report + 100, 3), Failure);  // no such mail
  }
  TEST_CASE("mail status: pending, rejected unless verified, then the report's") {
    Fixture f;
    const auto forged = f.store.add_mail({"forged", "", "", "", ""}, k_t0);
    CHECK(f.store.pending_mails() == std::vector<std::int64_t>{f.mail_id, forged});
    f.store.set_verification(forged, verification(Verdict::bad_signature));
    f.store.set_verification(f.mail_id, verification(Verdict::verified));
    CHECK(f.store.mail(forged)->status == MailStatus::rejected);
    CHECK(f.store.mail(forged)->verdict == Verdict::bad_signature);
    CHECK(f.store.mail(f.mail_id)->status == MailStatus::pending);
    auto r = report("CB-Report#20171204-10001828", {row("192.0.2.1", k_t0)});
    r.status = ReportStatus::needs_review;
    f.store.add_report(f.mail_id, r);
    const auto m = f.store.mail(f.mail_id).value();
    CHECK(m.status == MailStatus::needs_review);
    CHECK(m.kind == SignatureKind::pgp_inline);
    CHECK(m.ticket == "CB-Report#20171204-10001828");
    CHECK(m.service == "memcached");
    CHECK(m.rows == 1);
    CHECK(f.store.pending_mails().empty());
  }
  TEST_CASE("mails filtered by verdict and status") {
    Fixture f;
    const auto unsigned_mail = f.store.add_mail({"plain", "", "", "", ""}, k_t0);
    f.store.set_verification(unsigned_mail, verification(Verdict::unsigned_));
    CHECK(f.store.mails({}).size() == 2);
    MailFilter by_verdict;
    by_verdict.verdict = Verdict::unsigned_;
    auto rejected = f.store.mails(by_verdict);
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].id == unsigned_mail);
    MailFilter pending;
    pending.status = MailStatus::pending;
    CHECK(f.store.mails(pending).size() == 1);
    by_verdict.verdict = Verdict::verified;
    CHECK(f.store.mails(by_verdict).empty());
  }
  TEST_CASE("a second Store on the same file sees WAL data") {
    Fixture f;
    Store second(f.dir.path / "db" / "certbund.sqlite");
    CHECK(second.find_mail(sha256_hex("raw mail")) == f.mail_id);
    const auto id = second.add_mail({"from the second", "", "", "", ""}, k_t0);
    CHECK(f.store.find_mail(sha256_hex("from the second")) == id);
  }
  TEST_CASE("locked database -> Failure temp_fail") {
    Fixture f;
    const auto path = f.dir.path / "db" / "certbund.sqlite";
    SQLite::Database holder(path.string(), SQLite::OPEN_READWRITE);
    holder.exec("BEGIN IMMEDIATE");
    Store waiting(path, 50);
    try {
      waiting.add_mail({"blocked", "", "", "", ""}, k_t0);
      FAIL("no Failure thrown");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::temp_fail);
      CHECK(std::string(e.what()) == path.string() + ": database is locked");
    }
    holder.exec("ROLLBACK");
    CHECK(waiting.add_mail({"blocked", "", "", "", ""}, k_t0) > 0);
  }
  TEST_CASE("new database locked while migrating -> Failure temp_fail") {
    TempDir dir;
    const auto path = dir.path / "new.sqlite";
    SQLite::Database holder(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    holder.exec("PRAGMA journal_mode=WAL");
    holder.exec("BEGIN IMMEDIATE");
    try {
      Store store(path, 50);
      FAIL("no Failure thrown");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::temp_fail);
    }
  }
  TEST_CASE("unopenable path -> Failure io") {
    TempDir dir;
    std::ofstream(dir.path / "file") << "not a folder";
    try {
      Store store(dir.path / "file" / "db.sqlite");
      FAIL("no Failure thrown");
    } catch (const Failure& e) {
      CHECK(e.exit() == Exit::io);
      CHECK(std::string(e.what()).starts_with((dir.path / "file" / "db.sqlite").string() + ": "));
    }
  }
  TEST_CASE("write and read_only modes refuse a missing database, create nothing, and say to run init") {
    TempDir dir;
    const auto path = dir.path / "var" / "db.sqlite";
    for (StoreMode mode : {StoreMode::write, StoreMode::read_only}) {
      try {
        Store store(path, 50, mode);
        FAIL("no Failure thrown");
      } catch (const Failure& e) {
        CHECK(e.exit() == Exit::config);
        CHECK(std::string(e.what()) ==
              path.string() + ": no database here; run `certbund init` first (or fix database.path)");
      }
    }
    CHECK_FALSE(std::filesystem::exists(dir.path / "var"));
    CHECK(database_problem(path, 50).find("certbund init") != std::string::npos);
  }
  TEST_CASE("read_only: reads what was written, writes nothing") {
    Fixture f;
    const auto path = f.dir.path / "db" / "certbund.sqlite";
    Store reader(path, 50, StoreMode::read_only);
    CHECK(reader.find_mail(sha256_hex("raw mail")) == f.mail_id);
    CHECK_THROWS_AS(reader.add_mail({"not here", "", "", "", ""}, k_t0), Failure);
    CHECK(database_problem(path, 50).empty());
  }
  TEST_CASE("a durable transaction commits at synchronous=FULL and leaves NORMAL behind") {
    Fixture f;
    {
      Store::Transaction tx(f.store, Store::Durability::full);
      CHECK(count(f.store.db(), "PRAGMA synchronous") == 2);  // FULL
      f.store.add_mail({"durable", "", "", "", ""}, k_t0);
      tx.commit();
    }
    CHECK(count(f.store.db(), "PRAGMA synchronous") == 1);  // NORMAL
    CHECK(f.store.find_mail(sha256_hex("durable")));
    { Store::Transaction rolled(f.store, Store::Durability::full); }
    CHECK(count(f.store.db(), "PRAGMA synchronous") == 1);
  }
  TEST_CASE("an unchecked transaction skips foreign-key lookups until it ends; a nested one cannot") {
    Fixture f;
    const std::string dangling =
        "INSERT INTO customer_networks (customer_id, network, family, prefix, first, last, valid_from)"
        " VALUES ('nobody', '10.0.0.0/8', 4, 8, x'00', x'00', 0)";
    {
      Store::Transaction tx(f.store, Store::Durability::normal, Store::ForeignKeys::unchecked);
      CHECK(count(f.store.db(), "PRAGMA foreign_keys") == 0);
      f.store.db().exec(dangling);  // not looked up; rolled back below
    }
    CHECK(count(f.store.db(), "PRAGMA foreign_keys") == 1);
    CHECK(count(f.store.db(), "SELECT count(*) FROM customer_networks") == 0);
    {
      Store::Transaction outer(f.store);
      Store::Transaction inner(f.store, Store::Durability::normal, Store::ForeignKeys::unchecked);
      CHECK(count(f.store.db(), "PRAGMA foreign_keys") == 1);
      CHECK_THROWS_AS(f.store.db().exec(dangling), SQLite::Exception);
    }
    {
      Store::Transaction tx(f.store, Store::Durability::full, Store::ForeignKeys::unchecked);
      tx.commit();
    }
    CHECK(count(f.store.db(), "PRAGMA foreign_keys") == 1);
    CHECK(count(f.store.db(), "PRAGMA synchronous") == 1);
  }
  TEST_CASE("transaction rolls back unless committed; nested part alone") {
    Fixture f;
    {
      Store::Transaction outer(f.store);
      f.store.add_mail({"kept", "", "", "", ""}, k_t0);
      {
        Store::Transaction inner(f.store);
        f.store.add_mail({"dropped", "", "", "", ""}, k_t0);
      }
      outer.commit();
    }
    {
      Store::Transaction lost(f.store);
      f.store.add_mail({"lost", "", "", "", ""}, k_t0);
    }
    CHECK(f.store.find_mail(sha256_hex("kept")).has_value());
    CHECK_FALSE(f.store.find_mail(sha256_hex("dropped")).has_value());
    CHECK_FALSE(f.store.find_mail(sha256_hex("lost")).has_value());
  }
  TEST_CASE("mailbox marks: none at first, then the last one kept per path") {
    Fixture f;
    CHECK_FALSE(f.store.mailbox_mark("/var/mail/certbund").has_value());
    f.store.set_mailbox_mark("/var/mail/certbund", {100, "ab", 2}, k_t0);
    f.store.set_mailbox_mark("/var/mail/certbund", {250, "cd", 5}, k_t0 + 60);
    f.store.set_mailbox_mark("/var/mail/other", {1, "ef", 1}, k_t0);
    CHECK(f.store.mailbox_mark("/var/mail/certbund") == PrefixMark{250, "cd", 5});
    CHECK(f.store.mailbox_mark("/var/mail/other") == PrefixMark{1, "ef", 1});
  }
}

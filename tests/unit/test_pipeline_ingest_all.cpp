// Pipeline::ingest_all owns "never lose a mail": a message is marked
// processed at its source only once it is committed to the store, and a
// failure at any step leaves it unmarked.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "certbund/pipeline.hpp"
#include "signature_fixture.hpp"
#include "temp_dir.hpp"

using namespace certbund;
using certbund::test::TempDir;

namespace {

constexpr UnixTime k_now = 1708416000;  // 2024-02-20T08:00:00Z

// Yields the given messages (an Error instead at `fail_at`) and records,
// for each processed() call, the mail's status as committed at that
// moment (read through a connection of its own, as another process would).
class FakeSource : public Source {
 public:
  FakeSource(Store& store, std::vector<RawMessage> messages)
      : store_(store), committed_(store.path(), 10000, StoreMode::read_only), messages_(std::move(messages)) {}

  Result<std::optional<RawMessage>> read() override {
    if (next_ > 0) before_next_read.push_back(status_of(messages_[next_ - 1], store_));
    if (fail_at && next_ == *fail_at) return std::unexpected(Error{"fake: read error", Exit::io});
    if (next_ == messages_.size()) return std::optional<RawMessage>{};
    shas_[messages_[next_].origin] = sha256_hex(messages_[next_].bytes);
    return std::optional<RawMessage>{messages_[next_++]};
  }

  void processed(const RawMessage& message) override {
    marked.push_back(status_of(message, committed_));
    if (throw_in_processed) throw Failure(Exit::io, "fake: cannot rename");
  }

  bool lets_go() const override { return letting_go; }

  std::optional<std::size_t> fail_at;
  bool throw_in_processed = false;
  bool letting_go = true;           // false: read only, as an mbox
  std::vector<std::string> marked;  // "origin=status committed at the time of processed()"
  // "origin=status" of the message read last, as the ingest's own
  // connection sees it, each time the next is read
  std::vector<std::string> before_next_read;

 private:
  // By origin: processed() gets the message without its bytes.
  std::string status_of(const RawMessage& message, const Store& store) const {
    auto id = store.find_mail(shas_.at(message.origin));
    auto info = id ? store.mail(*id) : std::nullopt;
    return message.origin + "=" + std::string(info ? to_string(info->status) : "missing");
  }

  Store& store_;
  Store committed_;
  std::vector<RawMessage> messages_;
  std::map<std::string, std::string> shas_;  // origin -> sha256_hex of the bytes read
  std::size_t next_ = 0;
};

class RecordingObserver : public IngestObserver {
 public:
  UnixTime now() override { return k_now; }
  bool stop_requested() override { return stop_after && seen.size() >= *stop_after; }
  void on_mail(const RawMessage& message, const MailOutcome& outcome) override {
    seen.push_back(message.origin + "=" + std::string(to_string(outcome.status)));
  }
  std::optional<std::size_t> stop_after;
  std::vector<std::string> seen;
};

std::string sample(const std::string& name) { return certbund::test::sample(name); }

struct Fixture {
  TempDir dir;
  Config config = [this] {
    Config c;
    c.database_path = dir.path / "db.sqlite";
    std::filesystem::create_directories(dir.path / "gnupg");
    c.trust.gnupg_home = (dir.path / "gnupg").string();
    return c;
  }();
  Store store{config.database_path};

  std::int64_t count(const std::string& sql) { return store.db().execAndGet(sql).getInt64(); }
  // Makes every statement of kind `when` on `table` fail, as a full disk would.
  void break_table(const std::string& when, const std::string& table) {
    store.db().exec("CREATE TEMP TRIGGER broken " + when + " ON main." + table +
                    " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
};

std::vector<RawMessage> two_unsigned() {
  return {{sample("unsigned-mongodb.eml"), "a", {}}, {sample("forwarded-unsigned-rows.eml"), "b", {}}};
}

}  // namespace

TEST_CASE("ingest_all: every message is marked processed only after it is committed") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  FakeSource source(f.store, two_unsigned());
  SUBCASE("a source that lets each go") {}
  SUBCASE("a source only read: its mails committed a group at a time") { source.letting_go = false; }
  RecordingObserver observer;
  IngestTotals totals = pipeline.ingest_all(source, observer);
  CHECK(source.marked == std::vector<std::string>{"a=rejected", "b=rejected"});
  CHECK(observer.seen == std::vector<std::string>{"a=rejected", "b=rejected"});
  CHECK(totals.mails == 2);
  CHECK(totals.rejected == 2);
  CHECK(f.count("select count(*) from mails") == 2);
}

TEST_CASE("ingest_all: each message is stored, still pending, before the next is read and before it is verified") {
  // Verification parses the MIME tree (in the read-ahead workers): a crash
  // there must find the raw mail committed already.
  Fixture f;
  f.config.trust = certbund::test::sample_trust();
  Pipeline pipeline(f.config, f.store);
  FakeSource source(f.store, {{sample("legacy-memcached.eml"), "a", {}},
                              {sample("unsigned-mongodb.eml"), "b", {}},
                              {sample("cbreport-redis-inline.eml"), "c", {}}});
  RecordingObserver observer;
  pipeline.ingest_all(source, observer);
  CHECK(source.before_next_read == std::vector<std::string>{"a=pending", "b=pending", "c=pending"});
  CHECK(source.marked == std::vector<std::string>{"a=parsed", "b=rejected", "c=parsed"});
}

TEST_CASE("ingest_all: the same bytes again are counted as already stored and marked again") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  RecordingObserver observer;
  FakeSource first(f.store, two_unsigned());
  pipeline.ingest_all(first, observer);
  FakeSource again(f.store, two_unsigned());
  IngestTotals totals = pipeline.ingest_all(again, observer);
  CHECK(totals.duplicates == 2);
  CHECK(again.marked == std::vector<std::string>{"a=rejected", "b=rejected"});
  CHECK(f.count("select count(*) from mails") == 2);
}

TEST_CASE("ingest_all: a source that fails to read throws, and the mails before it stay stored") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  FakeSource source(f.store, two_unsigned());
  source.fail_at = 1;
  RecordingObserver observer;
  CHECK_THROWS_AS(pipeline.ingest_all(source, observer), Failure);
  CHECK(source.marked == std::vector<std::string>{"a=rejected"});
  CHECK(f.count("select count(*) from mails") == 1);
}

TEST_CASE("ingest_all: a mail that cannot be stored is not marked processed") {
  Fixture f;
  f.break_table("BEFORE INSERT", "mails");
  Pipeline pipeline(f.config, f.store);
  FakeSource source(f.store, two_unsigned());
  RecordingObserver observer;
  CHECK_THROWS(pipeline.ingest_all(source, observer));
  CHECK(source.marked.empty());
  CHECK(observer.seen.empty());
}

TEST_CASE("ingest_all: mails stored but not processed stay pending and unmarked, and are finished later") {
  Fixture f;
  f.break_table("BEFORE UPDATE", "mails");
  Pipeline pipeline(f.config, f.store);
  FakeSource source(f.store, two_unsigned());
  RecordingObserver observer;
  CHECK_THROWS(pipeline.ingest_all(source, observer));
  CHECK(source.marked.empty());
  // Both were read ahead, so both were stored before the first failed.
  CHECK(f.count("select count(*) from mails where status = 'pending'") == 2);

  f.store.db().exec("DROP TRIGGER broken");
  CHECK(pipeline.recover_pending(k_now, [](const std::string&) {}) == 2);
  CHECK(f.count("select count(*) from mails where status = 'rejected'") == 2);
}

TEST_CASE("recover_pending leaves pending mails to the ingest that holds the lock, and finishes them when alone") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  f.store.add_mail(NewMail{sample("unsigned-mongodb.eml"), "a", "", "", ""}, k_now);  // stored, not processed
  std::vector<std::string> log;
  {
    // Another process's ingest_all, still verifying that mail.
    auto other = FileLock::try_lock(f.config.database_path.string() + ".ingest-lock", FileLock::Mode::shared);
    REQUIRE(other);
    REQUIRE(*other);
    CHECK(pipeline.recover_pending(k_now, [&](const std::string& line) { log.push_back(line); }) == 0);
    CHECK(f.count("select count(*) from mails where status = 'pending'") == 1);
    REQUIRE(log.size() == 1);
    CHECK(log[0] == "1 pending mails left for a run while no other ingest runs");
  }
  CHECK(pipeline.recover_pending(k_now, [](const std::string&) {}) == 1);
  CHECK(f.count("select count(*) from mails where status = 'rejected'") == 1);
}

TEST_CASE("ingest_all: a failure while recording a verified report rolls it back to pending, unmarked") {
  Fixture f;
  f.config.trust = certbund::test::sample_trust();
  f.break_table("BEFORE INSERT", "reports");
  Pipeline pipeline(f.config, f.store);
  FakeSource source(f.store, {{sample("legacy-memcached.eml"), "signed", {}}});
  RecordingObserver observer;
  CHECK_THROWS(pipeline.ingest_all(source, observer));
  CHECK(source.marked.empty());
  CHECK(f.count("select count(*) from mails where status = 'pending'") == 1);
  CHECK(f.count("select count(*) from reports") == 0);
}

TEST_CASE("ingest_all: mails read together are committed together; a failure in one leaves all pending, unmarked") {
  // An mbox's mails are processed a group at a time in one transaction.
  Fixture f;
  f.config.trust = certbund::test::sample_trust();
  f.break_table("BEFORE INSERT", "reports");  // only the signed one makes a report
  Pipeline pipeline(f.config, f.store);
  std::vector<RawMessage> mails = two_unsigned();
  mails.push_back({sample("legacy-memcached.eml"), "c", {}});
  FakeSource source(f.store, mails);
  source.letting_go = false;
  RecordingObserver observer;
  CHECK_THROWS(pipeline.ingest_all(source, observer));
  CHECK(source.marked.empty());
  CHECK(observer.seen.empty());
  CHECK(f.count("select count(*) from mails where status = 'pending'") == 3);

  f.store.db().exec("DROP TRIGGER broken");
  FakeSource again(f.store, mails);
  again.letting_go = false;
  IngestTotals totals = pipeline.ingest_all(again, observer);
  CHECK(again.marked == std::vector<std::string>{"a=rejected", "b=needs_review", "c=parsed"});
  CHECK(totals.mails == 3);
  CHECK(f.count("select count(*) from mails where status = 'pending'") == 0);
}

TEST_CASE("ingest_all: a failing processed() is passed on after the mail is committed") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  FakeSource source(f.store, two_unsigned());
  source.throw_in_processed = true;
  RecordingObserver observer;
  CHECK_THROWS_AS(pipeline.ingest_all(source, observer), Failure);
  CHECK(source.marked == std::vector<std::string>{"a=rejected"});
  CHECK(observer.seen.empty());
}

TEST_CASE("ingest_all: a stop request ends the run between two mails") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  FakeSource source(f.store, two_unsigned());
  RecordingObserver observer;
  observer.stop_after = 1;
  IngestTotals totals = pipeline.ingest_all(source, observer);
  CHECK(totals.mails == 1);
  CHECK(source.marked == std::vector<std::string>{"a=rejected"});
  // b was read ahead: it is kept, pending and unmarked, for the next run.
  CHECK(f.count("select count(*) from mails where status = 'pending'") == 1);
  CHECK(pipeline.recover_pending(k_now, [](const std::string&) {}) == 1);
  CHECK(f.count("select count(*) from mails where status = 'rejected'") == 2);
}

TEST_CASE("ingest_all: mails verified ahead on several threads are stored and marked in source order") {
  Fixture f;
  f.config.trust = certbund::test::sample_trust();
  Pipeline pipeline(f.config, f.store);
  const std::vector<std::string> names{
      "legacy-memcached.eml", "cbreport-ntp-ipv6.eml", "untrusted-memcached.eml",     "cbreport-redis-inline.eml",
      "unsigned-mongodb.eml", "tampered-redis.eml",    "cbreport-snmp-eventscsv.eml", "legacy-memcached.eml"};
  std::vector<RawMessage> messages;
  for (const std::string& name : names) messages.push_back({sample(name), name, {}});
  FakeSource source(f.store, messages);
  RecordingObserver observer;
  IngestTotals totals = pipeline.ingest_all(source, observer);
  const std::vector<std::string> want{"legacy-memcached.eml=parsed",        "cbreport-ntp-ipv6.eml=needs_review",
                                      "untrusted-memcached.eml=rejected",   "cbreport-redis-inline.eml=parsed",
                                      "unsigned-mongodb.eml=rejected",      "tampered-redis.eml=rejected",
                                      "cbreport-snmp-eventscsv.eml=parsed", "legacy-memcached.eml=parsed"};
  CHECK(source.marked == want);
  CHECK(observer.seen == want);
  CHECK(totals.verified == 4);
  CHECK(totals.duplicates == 1);  // the same bytes twice within what was read ahead
  CHECK(f.count("select count(*) from mails") == 7);
  auto order = f.store.db().execAndGet("select group_concat(origin, ' ') from (select origin from mails order by id)");
  CHECK(order.getString() ==
        "legacy-memcached.eml cbreport-ntp-ipv6.eml untrusted-memcached.eml cbreport-redis-inline.eml "
        "unsigned-mongodb.eml tampered-redis.eml cbreport-snmp-eventscsv.eml");
}

TEST_CASE("ingest_all: a keyring that cannot be used stops the run at the first mail, nothing marked, the mails kept") {
  Fixture f;
  Pipeline pipeline(f.config, f.store);
  f.config.trust.gnupg_home = (f.dir.path / "no-such-keyring").string();  // the workers' verifiers cannot start
  FakeSource source(f.store, two_unsigned());
  RecordingObserver observer;
  CHECK_THROWS_AS(pipeline.ingest_all(source, observer), Failure);
  CHECK(source.marked.empty());
  CHECK(f.count("select count(*) from mails where status = 'pending'") == 2);
}

TEST_CASE("IngestTotals: summary counts each kind of outcome") {
  IngestTotals t;
  MailOutcome verified;
  verified.verdict = Verdict::verified;
  verified.status = MailStatus::parsed;
  verified.notices = 2;
  MailOutcome review = verified;
  review.status = MailStatus::needs_review;
  review.notices = 0;
  MailOutcome duplicate;
  duplicate.duplicate = true;
  t.add(verified);
  t.add(review);
  t.add(duplicate);
  t.add(MailOutcome{});
  CHECK(t.summary() ==
        "4 mails: 2 verified, 1 not verified (kept), 1 needs review, 1 already stored; 2 notices queued");
  CHECK(needs_attention(review));
  CHECK_FALSE(needs_attention(verified));
  CHECK_FALSE(needs_attention(duplicate));
}

// Pipeline::poll_path: a poll of an mbox reads only what was appended since
// the last poll, and the store keeps where it stopped.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>

#include "certbund/pipeline.hpp"
#include "temp_dir.hpp"

using namespace certbund;
using certbund::test::TempDir;

namespace {

constexpr UnixTime k_now = 1708416000;  // 2024-02-20T08:00:00Z

class Clock : public IngestObserver {
 public:
  UnixTime now() override { return k_now; }
};

// An unsigned mail: stored, kept as not verified.
std::string mbox_mail(int n) {
  return "From sender@example.org Tue Jan 16 06:00:00 2024\nSubject: mail " + std::to_string(n) + "\nMessage-ID: <" +
         std::to_string(n) + "@example.org>\n\nbody " + std::to_string(n) + "\n\n";
}

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
  std::filesystem::path mbox = dir.path / "mails.mbox";

  void append(const std::string& bytes) { std::ofstream(mbox, std::ios::binary | std::ios::app) << bytes; }
  std::int64_t mails() { return store.db().execAndGet("SELECT count(*) FROM mails").getInt64(); }
};

}  // namespace

TEST_CASE("poll_path: an unchanged mbox reads no mail again; appended mails are read once") {
  Fixture f;
  f.append(mbox_mail(1) + mbox_mail(2));
  Pipeline pipeline(f.config, f.store);
  Clock clock;
  IngestTotals first = pipeline.poll_path(f.mbox, clock);
  CHECK(first.mails == 2);
  CHECK(first.rejected == 2);
  auto mark = f.store.mailbox_mark(std::filesystem::absolute(f.mbox).string());
  REQUIRE(mark);
  CHECK(mark->messages == 2);
  CHECK(mark->size == std::filesystem::file_size(f.mbox));

  CHECK(pipeline.poll_path(f.mbox, clock).mails == 0);

  f.append(mbox_mail(3));
  IngestTotals appended = pipeline.poll_path(f.mbox, clock);
  CHECK(appended.mails == 1);
  CHECK(appended.duplicates == 0);
  CHECK(f.mails() == 3);
  CHECK(f.store.mailbox_mark(std::filesystem::absolute(f.mbox).string())->messages == 3);
}

TEST_CASE("poll_path: a rewritten mbox is read from the start, and what was stored stays stored once") {
  Fixture f;
  f.append(mbox_mail(1) + mbox_mail(2));
  Pipeline pipeline(f.config, f.store);
  Clock clock;
  pipeline.poll_path(f.mbox, clock);
  std::ofstream(f.mbox, std::ios::binary | std::ios::trunc) << mbox_mail(2) + mbox_mail(3);
  IngestTotals again = pipeline.poll_path(f.mbox, clock);
  CHECK(again.mails == 2);
  CHECK(again.duplicates == 1);
  CHECK(f.mails() == 3);
}

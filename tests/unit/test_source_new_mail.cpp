// open_new_mail: what poll reads of a mailbox is only what is new. A
// Maildir skips the cur/ mails flagged S; an mbox skips the prefix it
// processed before, unless the file was rewritten.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "certbund/source.hpp"
#include "temp_dir.hpp"

using namespace certbund;
namespace fs = std::filesystem;
using certbund::test::TempDir;

namespace {

std::string mail(int n) {
  return "From sender@example.org Tue Jan 16 06:00:0" + std::to_string(n % 10) + " 2024\n" + "Subject: mail " +
         std::to_string(n) + "\n\nbody " + std::to_string(n) + "\n\n";
}

void append(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::app) << bytes;
}

struct Read {
  std::vector<std::string> origins;  // file name part dropped: ":1", ":2", ...
  std::optional<PrefixMark> mark;
};

// Opens `path` for a poll with `mark`, processes `process` messages (all
// when not given) of those it yields and returns the new mark.
Read poll(const fs::path& path, const std::optional<PrefixMark>& mark, std::optional<std::size_t> process = {}) {
  auto source = open_new_mail(path.string(), mark);
  REQUIRE(source.has_value());
  Read out;
  for (;;) {
    if (process && out.origins.size() == *process) break;
    auto next = (*source)->next();
    REQUIRE(next.has_value());
    if (!next->has_value()) break;
    const std::string& origin = (**next).origin;
    out.origins.push_back(origin.substr(origin.rfind(':')));
    (*source)->processed(**next);
  }
  out.mark = (*source)->mark();
  return out;
}

}  // namespace

TEST_SUITE("source") {
  TEST_CASE("open_new_mail: a Maildir yields new/ and the cur/ mails not flagged S") {
    TempDir dir;
    dir.write("md/tmp/.keep", "");
    dir.write("md/new/3.host", "Subject: three\n\nx\n");
    dir.write("md/cur/1.host:2,S", "Subject: one\n\nx\n");
    dir.write("md/cur/2.host:2,FS", "Subject: two\n\nx\n");
    dir.write("md/cur/4.host:2,F", "Subject: four\n\nx\n");
    dir.write("md/cur/5.host", "Subject: five\n\nx\n");
    auto source = open_new_mail((dir.path / "md").string(), std::nullopt);
    REQUIRE(source.has_value());
    std::vector<std::string> names;
    for (;;) {
      auto next = (*source)->next();
      REQUIRE(next.has_value());
      if (!next->has_value()) break;
      names.push_back(fs::path((**next).origin).filename().string());
      (*source)->processed(**next);
    }
    CHECK(names == std::vector<std::string>{"3.host", "4.host:2,F", "5.host"});
    CHECK_FALSE((*source)->mark().has_value());
    // Everything is flagged S now: a second poll reads nothing.
    auto again = open_new_mail((dir.path / "md").string(), std::nullopt);
    REQUIRE(again.has_value());
    auto next = (*again)->next();
    REQUIRE(next.has_value());
    CHECK_FALSE(next->has_value());
  }

  TEST_CASE("open_new_mail: an mbox poll reads only what was appended since the mark") {
    TempDir dir;
    fs::path mbox = dir.write("mails.mbox", mail(1) + mail(2) + mail(3));
    Read first = poll(mbox, std::nullopt);
    CHECK(first.origins == std::vector<std::string>{":1", ":2", ":3"});
    REQUIRE(first.mark);
    CHECK(first.mark->size == fs::file_size(mbox));
    CHECK(first.mark->messages == 3);
    CHECK(first.mark->sha256 == sha256_hex(mail(1) + mail(2) + mail(3)));

    Read unchanged = poll(mbox, first.mark);
    CHECK(unchanged.origins.empty());
    CHECK(unchanged.mark == first.mark);

    append(mbox, mail(4) + mail(5));
    Read appended = poll(mbox, first.mark);
    CHECK(appended.origins == std::vector<std::string>{":4", ":5"});
    REQUIRE(appended.mark);
    CHECK(appended.mark->size == fs::file_size(mbox));
    CHECK(appended.mark->messages == 5);
    CHECK(appended.mark->sha256 == sha256_hex(mail(1) + mail(2) + mail(3) + mail(4) + mail(5)));
  }

  TEST_CASE("open_new_mail: an mbox rewritten since the mark is read from the start") {
    TempDir dir;
    fs::path mbox = dir.write("mails.mbox", mail(1) + mail(2) + mail(3));
    Read first = poll(mbox, std::nullopt);
    SUBCASE("a mail deleted: shorter") {
      dir.write("mails.mbox", mail(2) + mail(3));
      CHECK(poll(mbox, first.mark).origins == std::vector<std::string>{":1", ":2"});
    }
    SUBCASE("the same size, other bytes") {
      std::string bytes = mail(1) + mail(2) + mail(3);
      bytes[bytes.find("body 2")] = 'B';
      dir.write("mails.mbox", bytes + mail(4));
      CHECK(poll(mbox, first.mark).origins == std::vector<std::string>{":1", ":2", ":3", ":4"});
    }
    SUBCASE("the same prefix, but no From_ line after it") {
      append(mbox, "more body of mail 3\n\n" + mail(4));
      CHECK(poll(mbox, first.mark).origins == std::vector<std::string>{":1", ":2", ":3", ":4"});
    }
  }

  TEST_CASE("open_new_mail: the mark covers only the mails processed") {
    TempDir dir;
    fs::path mbox = dir.write("mails.mbox", mail(1) + mail(2) + mail(3));
    Read part = poll(mbox, std::nullopt, 1);
    REQUIRE(part.mark);
    CHECK(part.mark->messages == 1);
    CHECK(part.mark->size == mail(1).size());  // up to the From_ line of the next mail
    CHECK(poll(mbox, part.mark).origins == std::vector<std::string>{":2", ":3"});
  }

  TEST_CASE("open_new_mail: mails read ahead of processing stay out of the mark") {
    // ingest reads mails ahead of the one it stores (they are verified
    // meanwhile): the mark ends after the last mail processed, not read.
    TempDir dir;
    fs::path mbox = dir.write("mails.mbox", mail(1) + mail(2) + mail(3) + mail(4));
    auto source = open_new_mail(mbox.string(), std::nullopt);
    REQUIRE(source.has_value());
    std::vector<RawMessage> read;
    for (int i = 0; i < 3; ++i) {
      auto next = (*source)->next();
      REQUIRE(next.has_value());
      REQUIRE(next->has_value());
      read.push_back(std::move(**next));
    }
    (*source)->processed(read[0]);
    auto mark = (*source)->mark();
    REQUIRE(mark);
    CHECK(mark->messages == 1);
    CHECK(mark->size == mail(1).size());
    (*source)->processed(read[1]);
    mark = (*source)->mark();
    REQUIRE(mark);
    CHECK(mark->messages == 2);
    CHECK(mark->size == mail(1).size() + mail(2).size());
    CHECK(poll(mbox, mark).origins == std::vector<std::string>{":3", ":4"});
  }

  TEST_CASE("open_new_mail: an empty mbox has no mail yet, and its mails count once they come") {
    TempDir dir;
    fs::path mbox = dir.write("mails.mbox", "");
    Read empty = poll(mbox, std::nullopt);
    CHECK(empty.origins.empty());
    REQUIRE(empty.mark);
    CHECK(empty.mark->size == 0);
    append(mbox, mail(1));
    CHECK(poll(mbox, empty.mark).origins == std::vector<std::string>{":1"});
  }
}

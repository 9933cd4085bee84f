#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "certbund/source.hpp"
#include "temp_dir.hpp"

using namespace certbund;
namespace fs = std::filesystem;

namespace {

// A fresh directory under /tmp, removed with everything in it.
using certbund::test::TempDir;

std::vector<RawMessage> read_all(Source& source) {
  std::vector<RawMessage> out;
  for (;;) {
    auto next = source.next();
    REQUIRE(next.has_value());
    if (!next->has_value()) return out;
    out.push_back(**next);
  }
}

std::vector<RawMessage> read_all(const fs::path& path) {
  auto source = open_source(path.string());
  REQUIRE(source.has_value());
  return read_all(**source);
}

}  // namespace

TEST_SUITE("source") {
  TEST_CASE("mbox with three messages, >From and >>From lines, a From line not after a blank") {
    TempDir dir;
    fs::path mbox = dir.write("mails.mbox",
                              "From reports@cert-bund.de Wed Sep 11 10:50:12 2019\n"
                              "Subject: one\n"
                              "\n"
                              "body one\n"
                              "From the desk: not a separator\n"
                              "\n"
                              "From a@b Thu Sep 12 00:00:00 2019\n"
                              "Subject: two\n"
                              "\n"
                              ">From here\n"
                              ">>From there\n"
                              ">not From\n"
                              "\n"
                              "\n"
                              "From c@d Fri Sep 13 00:00:00 2019\n"
                              "Subject: three\n"
                              "\n"
                              "last\n"
                              "\n");
    auto messages = read_all(mbox);
    REQUIRE(messages.size() == 3);
    CHECK(messages[0].bytes == "Subject: one\n\nbody one\nFrom the desk: not a separator\n");
    CHECK(messages[1].bytes == "Subject: two\n\nFrom here\n>From there\n>not From\n\n");
    CHECK(messages[2].bytes == "Subject: three\n\nlast\n");
    CHECK(messages[0].origin == mbox.string() + ":1");
    CHECK(messages[2].origin == mbox.string() + ":3");
    CHECK(messages[2].maildir_file.empty());
  }
  TEST_CASE("mbox: a body line From after a blank line without a date is body text, not a separator") {
    TempDir dir;
    fs::path mbox = dir.write("mails.mbox",
                              "From reports@cert-bund.de Mon Jan 15 06:00:05 2024\n"
                              "Subject: one\n"
                              "\n"
                              "Dear Sir or Madam,\n"
                              "\n"
                              "From our scans of 2024-01-14 the following systems answered\n"
                              "\n"
                              "From Monday on we scan daily.\n"
                              "\n"
                              "From reports@cert-bund.de Tue Jan 16 06:00:05 2024\n"
                              "Subject: two\n"
                              "\n"
                              "body two\n");
    auto messages = read_all(mbox);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0].bytes ==
          "Subject: one\n\nDear Sir or Madam,\n\nFrom our scans of 2024-01-14 the following systems answered\n"
          "\nFrom Monday on we scan daily.\n");
    CHECK(messages[1].bytes == "Subject: two\n\nbody two\n");
  }
  TEST_CASE("mbox: From_ lines as mail writers write them all separate messages") {
    // Two spaces before the date (procmail), "-" as sender (Thunderbird),
    // no seconds, a zone name before the year, an offset and "remote from"
    // after it, a one-digit day padded with a space, CRLF.
    const char* separators[] = {
        "From reports@cert-bund.de  Tue Jan 16 06:00:07 2024",   "From - Tue Jan 16 06:00:07 2024",
        "From MAILER-DAEMON Fri Jul  8 12:08:34 2011",           "From a@example.org Tue Jan 16 06:00 2024",
        "From a@example.org Tue Jan 16 06:00:07 PST 2024",       "From a@example.org Sat Jan  3 01:05:34 1996 +0100",
        "From a!b Tue Jan 16 06:00:07 2024 remote from example", "From a@example.org Tue Jan 16 06:00:07 2024\r",
    };
    for (const char* separator : separators) {
      CAPTURE(separator);
      TempDir dir;
      fs::path mbox =
          dir.write("m", std::string("From x@example.org Mon Jan 15 00:00:00 2024\nSubject: one\n\nbody\n\n") +
                             separator + "\nSubject: two\n\nbody\n");
      auto messages = read_all(mbox);
      REQUIRE(messages.size() == 2);
      CHECK(messages[0].bytes == "Subject: one\n\nbody\n");
      CHECK(messages[1].bytes == "Subject: two\n\nbody\n");
    }
  }
  TEST_CASE("mbox: From lines without a sender and an asctime date stay in the body") {
    const char* lines[] = {
        "From our scans of 2024-01-14 the following systems answered",
        "From Tue Jan 16 06:00:07 2024",                // no sender
        "From a@example.org 2024-01-16 06:00:07",       // not asctime
        "From a@example.org Tue Jan 16 2024",           // no time
        "From a@example.org Tue Jan 16 06:00:07",       // no year
        "From a@example.org Tue Jan 16 6:0:7 2024",     // not a clock
        "From a@example.org Tue Foo 16 06:00:07 2024",  // no month
        "From a@example.org Tuesday Jan 16 06:00:07 2024",
        "From: a@example.org Tue Jan 16 06:00:07 2024",  // a header field
    };
    for (const char* line : lines) {
      CAPTURE(line);
      TempDir dir;
      std::string body = std::string("body\n\n") + line + "\n";
      fs::path mbox = dir.write("m", "From x@example.org Mon Jan 15 00:00:00 2024\nSubject: one\n\n" + body);
      auto messages = read_all(mbox);
      REQUIRE(messages.size() == 1);
      CHECK(messages[0].bytes == "Subject: one\n\n" + body);
    }
  }
  TEST_CASE("mbox with CRLF line ends") {
    TempDir dir;
    fs::path mbox = dir.write("crlf.mbox",
                              "From a@b Thu Sep 12 00:00:00 2019\r\n"
                              "Subject: one\r\n\r\nx\r\n\r\n"
                              "From a@b Thu Sep 12 00:00:01 2019\r\n"
                              "Subject: two\r\n\r\n>From y\r\n");
    auto messages = read_all(mbox);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0].bytes == "Subject: one\r\n\r\nx\r\n");
    CHECK(messages[1].bytes == "Subject: two\r\n\r\nFrom y\r\n");
  }
  TEST_CASE("mbox whose last line has no newline") {
    TempDir dir;
    fs::path mbox = dir.write("m", "From a@b Thu Sep 12 00:00:00 2019\nSubject: s\n\nend");
    auto messages = read_all(mbox);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].bytes == "Subject: s\n\nend");
  }
  TEST_CASE("a file starting with a From: header is one message, not an mbox") {
    TempDir dir;
    fs::path file = dir.write("one.eml", "From: a@b\nSubject: s\n\nbody\n\nFrom x\n");
    auto messages = read_all(file);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].bytes == "From: a@b\nSubject: s\n\nbody\n\nFrom x\n");
    CHECK(messages[0].origin == file.string());
  }
  TEST_CASE("an empty file is one empty message") {
    TempDir dir;
    auto messages = read_all(dir.write("empty", ""));
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].bytes.empty());
  }
  TEST_CASE("Maildir reads new/ then cur/ by name, never tmp/ or dotfiles") {
    TempDir dir;
    dir.write("new/2.host", "n2");
    dir.write("new/1.host", "n1");
    dir.write("new/.hidden", "no");
    dir.write("cur/0.host:2,S", "c0");
    dir.write("tmp/3.host", "no");
    auto messages = read_all(dir.path);
    REQUIRE(messages.size() == 3);
    CHECK(messages[0].bytes == "n1");
    CHECK(messages[1].bytes == "n2");
    CHECK(messages[2].bytes == "c0");
    CHECK(messages[0].origin == (dir.path / "new/1.host").string());
    CHECK(messages[0].maildir_file == dir.path / "new/1.host");
  }
  TEST_CASE("processed() moves a new/ message to cur/ with the S flag") {
    TempDir dir;
    dir.write("new/1.host", "n1");
    fs::create_directories(dir.path / "cur");
    auto source = open_source(dir.path.string());
    REQUIRE(source.has_value());
    auto messages = read_all(**source);
    REQUIRE(messages.size() == 1);
    (*source)->processed(messages[0]);
    CHECK_FALSE(fs::exists(dir.path / "new/1.host"));
    CHECK(fs::exists(dir.path / "cur/1.host:2,S"));
  }
  TEST_CASE("processed() adds S to a cur/ message and keeps its flags sorted") {
    TempDir dir;
    fs::create_directories(dir.path / "new");
    dir.write("cur/1.host:2,RF", "c1");
    dir.write("cur/2.host:2,S", "c2");
    auto source = open_source(dir.path.string());
    REQUIRE(source.has_value());
    for (const RawMessage& m : read_all(**source)) (*source)->processed(m);
    CHECK(fs::exists(dir.path / "cur/1.host:2,FRS"));
    CHECK(fs::exists(dir.path / "cur/2.host:2,S"));
    CHECK_FALSE(fs::exists(dir.path / "cur/1.host:2,RF"));
  }
  TEST_CASE("a message gone before it is read is skipped") {
    TempDir dir;
    dir.write("new/1.host", "n1");
    dir.write("cur/2.host:2,", "c2");
    auto source = open_source(dir.path.string());
    REQUIRE(source.has_value());
    fs::remove(dir.path / "new/1.host");
    auto messages = read_all(**source);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].bytes == "c2");
  }
  TEST_CASE("an envelope line before the headers is dropped from a Maildir file, an .eml file and stdin alike") {
    const std::string mail = "From: CERT-Bund <reports@cert-bund.de>\nSubject: s\n\nbody\n";
    TempDir dir;
    dir.write("maildir/new/1.host", "From reports@cert-bund.de  Tue Jan 16 06:00:07 2024\n" + mail);
    dir.write("maildir/new/2.host", ">From reports@cert-bund.de Tue Jan 16 06:00:07 2024\n" + mail);
    fs::create_directories(dir.path / "maildir/cur");
    auto maildir = read_all(dir.path / "maildir");
    REQUIRE(maildir.size() == 2);
    CHECK(maildir[0].bytes == mail);
    CHECK(maildir[1].bytes == mail);

    auto file = read_all(dir.write("saved.eml", ">From reports@cert-bund.de Tue Jan 16 06:00:07 2024\n" + mail));
    REQUIRE(file.size() == 1);
    CHECK(file[0].bytes == mail);

    std::istringstream piped("From reports@cert-bund.de Tue Jan 16 06:00:07 2024\n" + mail);
    std::streambuf* saved = std::cin.rdbuf(piped.rdbuf());
    auto source = open_source("-");
    REQUIRE(source.has_value());
    auto in = read_all(**source);
    std::cin.rdbuf(saved);
    REQUIRE(in.size() == 1);
    CHECK(in[0].bytes == mail);
  }
  TEST_CASE("an mbox message whose first line is a quoted envelope line loses it") {
    TempDir dir;
    auto messages = read_all(dir.write("m",
                                       "From a@b Tue Jan 16 06:00:07 2024\r\n"
                                       ">From a@b Tue Jan 16 06:00:07 2024\r\n"
                                       "Subject: s\r\n\r\nbody\r\n"));
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].bytes == "Subject: s\r\n\r\nbody\r\n");
  }
  TEST_CASE("without_envelope_lines keeps From header fields and everything after the headers begin") {
    CHECK(without_envelope_lines("From: a@b\nSubject: s\n\nb\n") == "From: a@b\nSubject: s\n\nb\n");
    CHECK(without_envelope_lines("From : a@b\n\nb\n") == "From : a@b\n\nb\n");  // obsolete syntax
    CHECK(without_envelope_lines("From a Tue Jan 16 06:00:07 2024\n>>From b Tue Jan 16 06:00:07 2024\nX: 1\n") ==
          "X: 1\n");
    CHECK(without_envelope_lines("X: 1\n\nFrom a Tue Jan 16 06:00:07 2024\n") ==
          "X: 1\n\nFrom a Tue Jan 16 06:00:07 2024\n");
    CHECK(without_envelope_lines("From a Tue Jan 16 06:00:07 2024") == "");
    CHECK(without_envelope_lines("").empty());
  }
  TEST_CASE("missing path") {
    auto source = open_source("/tmp/certbund-no-such-path/mails.mbox");
    REQUIRE_FALSE(source.has_value());
    CHECK(source.error().message == "/tmp/certbund-no-such-path/mails.mbox: no such file or directory");
    CHECK(source.error().exit == Exit::no_input);
  }
  TEST_CASE("a directory that is not a Maildir") {
    TempDir dir;
    fs::create_directories(dir.path / "new");
    auto source = open_source(dir.path.string());
    REQUIRE_FALSE(source.has_value());
    CHECK(source.error().exit == Exit::no_input);
  }
}

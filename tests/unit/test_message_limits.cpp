#include <doctest/doctest.h>

#include "certbund/message.hpp"

using namespace certbund;

namespace {

// A multipart/mixed with `count` text parts.
std::string many_parts(int count) {
  std::string raw = "Subject: parts\nContent-Type: multipart/mixed; boundary=\"b\"\n\n";
  for (int i = 0; i < count; ++i) raw += "--b\nContent-Type: text/plain\n\npart " + std::to_string(i) + "\n";
  return raw + "--b--\n";
}

}  // namespace

TEST_SUITE("message") {
  TEST_CASE("a mail within the limits may be read") {
    CHECK(unreadable_reason("Subject: hello\n\nbody\n", 1000, 100) == "");
  }
  TEST_CASE("a mail larger than limits.max_mail_bytes is not read, and says so") {
    std::string raw = "Subject: big\n\n" + std::string(5000, 'x');
    CHECK(unreadable_reason(raw, 1000, 100000) ==
          "a mail of 5014 bytes, more than limits.max_mail_bytes (1000): not read");
  }
  TEST_CASE("a 3.5 MB Subject is beyond limits.max_header_bytes: not handed to mimetic") {
    std::string raw = "From: x@example.net\nSubject: " + std::string(3500000, 'A') + "\n\nbody\n";
    CHECK(unreadable_reason(raw, 64 << 20, default_max_header_bytes) ==
          "a header field Subject of 3500009 bytes, more than limits.max_header_bytes (65536): not read");
    // parse_headers, which runs before the mail is stored, reads only the cap.
    Message m = parse_headers(raw);
    CHECK(m.from == "x@example.net");
    CHECK(m.subject.size() <= default_max_header_bytes);
    CHECK(m.subject.starts_with("AAAA"));
  }
  TEST_CASE("a folded header field counts unfolded") {
    std::string raw = "Subject: a\n";
    for (int i = 0; i < 2000; ++i) raw += " continued line " + std::to_string(i) + "\n";
    raw += "\nbody\n";
    CHECK(unreadable_reason(raw, 1 << 20, 1000).starts_with("a header field Subject of "));
    Message m = parse_headers(raw, 1000);
    CHECK(m.subject.size() <= 1000);
    CHECK(m.subject.starts_with("a continued line 0"));
  }
  TEST_CASE("a line longer than limits.max_header_bytes anywhere is not read") {
    std::string raw =
        "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nX-Long: " + std::string(5000, 'y') +
        "\n\nz\n--b--\n";
    CHECK(unreadable_reason(raw, 1 << 20, 1000) ==
          "a line of 5008 bytes, more than limits.max_header_bytes (1000): not read");
  }
  TEST_CASE("parts after limits.max_parts are left out, with the reason") {
    Message within = parse_message(many_parts(10));
    CHECK(within.parts.size() == 10);
    CHECK(within.problems.empty());
    MimeLimits caps;
    caps.parts = 5;  // the mail and four of its parts
    Message capped = parse_message(many_parts(3000), caps);
    CHECK(capped.parts.size() == 4);
    REQUIRE(capped.problems.size() == 1);
    CHECK(capped.problems[0] == "MIME parts after the first 5 were left out (limits.max_parts)");
    CHECK(parse_message(many_parts(3000)).parts.size() == default_max_parts - 1);
  }
  TEST_CASE("a part whose header block is longer than the cap is left out, with the reason") {
    std::string raw =
        "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nkept\n"
        "--b\nContent-Type: text/plain\n";
    for (int i = 0; i < 200; ++i) raw += "X-Filler: " + std::string(60, 'f') + "\n";
    raw += "\nleft out\n--b--\n";
    MimeLimits caps;
    caps.header_bytes = 4096;
    Message m = parse_message(raw, caps);
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].text == "kept");
    REQUIRE(m.problems.size() == 1);
    CHECK(m.problems[0] == "MIME parts with a header longer than 4096 bytes were left out (limits.max_header_bytes)");
  }
}

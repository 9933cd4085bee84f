#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../../src/message/capped_parser.hpp"  // white box: the parser that replaces mimetic's
#include "certbund/message.hpp"

using namespace certbund;

namespace {

// deep-nesting.sh DEPTH: an unsigned mail whose multiparts nest DEPTH
// levels deep (the top one is level 1) around one text/plain "hi".
std::string nested_multiparts(int depth) {
  std::string mail = "From: x@example.org\nSubject: nested\nMIME-Version: 1.0\n";
  for (int i = 0; i < depth; ++i) {
    std::string b = "n" + std::to_string(i);
    mail += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\n\n--" + b + "\n";
  }
  return mail + "Content-Type: text/plain\n\nhi\n";
}

// Nested multiparts, each closed, around one text/plain "deep"; no
// boundary is a prefix of another (mimetic finds boundaries anywhere).
std::string closed_multiparts(int depth) {
  std::string open, close;
  for (int i = 0; i < depth; ++i) {
    std::string b = "b" + std::to_string(i) + "x";
    open += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\n\n--" + b + "\n";
    close = "--" + b + "--\n" + close;
  }
  return open + "Content-Type: text/plain\n\ndeep\n" + close;
}

bool has_part(const Message& m, const std::string& text) {
  for (const Part& p : m.parts) {
    if (p.text == text) return true;
  }
  return false;
}

// message/rfc822 inside message/rfc822: no boundary needed to nest.
std::string nested_messages(int depth) {
  std::string mail = "Subject: nested messages\n";
  for (int i = 0; i < depth; ++i) mail += "Content-Type: message/rfc822\n\n";
  return mail + "Content-Type: text/plain\n\nhi\n";
}

// Multiparts without a boundary parameter: "--" is their delimiter.
std::string nested_without_boundary(int depth) {
  std::string mail = "Subject: no boundary\n";
  for (int i = 0; i < depth; ++i) mail += "Content-Type: multipart/mixed\n\n--\n";
  return mail + "Content-Type: text/plain\n\nhi\n";
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Everything mimetic keeps of a tree, for comparing two parses.
void dump(const mimetic::MimeEntity& e, std::string& out, int depth = 0) {
  out += "<entity " + std::to_string(depth) + ">\n";
  for (const mimetic::Field& f : e.header()) out += f.name() + ": " + f.value() + "\n";
  out +=
      "<preamble>" + e.body().preamble() + "<body>" + std::string(e.body()) + "<epilogue>" + e.body().epilogue() + "\n";
  for (const mimetic::MimeEntity* child : e.body().parts()) dump(*child, out, depth + 1);
}

std::string mimetic_tree(const std::string& input) {
  mimetic::MimeEntity e(input.begin(), input.end());
  std::string out;
  dump(e, out);
  return out;
}

std::string capped_tree(const std::string& input) {
  mimetic::MimeEntity e;
  parse_capped(input, e, 1000);
  std::string out;
  dump(e, out);
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_SUITE("message") {
  TEST_CASE("depth: 50,000 nested multiparts are read without a crash, the cut is named") {
    auto start = std::chrono::steady_clock::now();
    Message m = parse_message(nested_multiparts(50000));
    CHECK(seconds_since(start) < 10);
    CHECK(m.subject == "nested");
    CHECK(m.from == "x@example.org");
    CHECK_FALSE(has_part(m, "hi\n"));
    REQUIRE(m.problems.size() == 1);
    CHECK(m.problems[0] == "MIME parts nested deeper than 64 levels were left out (limits.mime_depth)");
  }
  TEST_CASE("depth: 64 levels are read, 65 are cut (limits.mime_depth default)") {
    Message ok = parse_message(nested_multiparts(64));
    CHECK(ok.problems.empty());
    REQUIRE(ok.parts.size() == 1);
    CHECK(ok.parts[0].text == "hi\n");
    Message cut = parse_message(nested_multiparts(65));
    CHECK(cut.parts.empty());
    CHECK(cut.problems.size() == 1);
  }
  TEST_CASE("depth: the cap is a parameter") {
    CHECK(parse_message(nested_multiparts(3), 3).problems.empty());
    Message cut = parse_message(nested_multiparts(4), 3);
    REQUIRE(cut.problems.size() == 1);
    CHECK(cut.problems[0].find("deeper than 3 levels") != std::string::npos);
  }
  TEST_CASE("depth: 50,000 nested message/rfc822 parts, and multiparts without a boundary") {
    CHECK(parse_message(nested_messages(50000)).parts.empty());
    CHECK(parse_message(nested_messages(50000)).problems.size() == 1);
    // "--" delimits every level: the levels below the cut come back as
    // siblings at the cut, their contents still unread, and so many that
    // limits.max_parts stops the reading too.
    Message m = parse_message(nested_without_boundary(50000));
    REQUIRE(m.problems.size() == 2);
    CHECK(m.problems[0].find("limits.mime_depth") != std::string::npos);
    CHECK(m.problems[1].find("limits.max_parts") != std::string::npos);
    CHECK(parse_message(nested_messages(10)).parts.size() == 1);
    CHECK(parse_message(nested_without_boundary(10)).parts.size() == 1);
  }
  TEST_CASE("depth: a deep branch is cut, its shallow siblings stay") {
    std::string mail =
        "Subject: siblings\nContent-Type: multipart/mixed; boundary=top\n\n"
        "--top\nContent-Type: text/plain\n\nfirst\n"
        "--top\n" +
        closed_multiparts(100) + "--top\nContent-Type: text/plain\n\nlast\n--top--\n";
    Message m = parse_message(mail);
    CHECK(has_part(m, "first"));
    CHECK(has_part(m, "last"));
    CHECK_FALSE(has_part(m, "deep"));
    CHECK(m.problems.size() == 1);
    CHECK(has_part(parse_message(closed_multiparts(63)), "deep"));  // 63 + the top one
  }
  TEST_CASE("parse_headers: the top header block only, however deep the body") {
    Message m = parse_headers(nested_multiparts(50000));
    CHECK(m.subject == "nested");
    CHECK(m.content_type == "multipart/mixed");
    CHECK(m.parts.empty());
    CHECK(m.problems.empty());
    CHECK(parse_headers("Subject: no body, no empty line").subject == "no body, no empty line");
    CHECK(parse_headers("Subject: crlf\r\nFrom: a@b\r\n\r\nbody\r\n").from == "a@b");
  }
  TEST_CASE("parse_headers agrees with parse_message on every sample mail") {
    std::filesystem::path samples = std::filesystem::path(CERTBUND_SOURCE_DIR) / "samples";
    int count = 0;
    for (const auto& dir : {samples / "mails", samples / "maildir" / "new", samples / "maildir" / "cur"}) {
      for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::string raw = read(entry.path());
        Message whole = parse_message(raw), head = parse_headers(raw);
        CAPTURE(entry.path());
        CHECK(head.subject == whole.subject);
        CHECK(head.from == whole.from);
        CHECK(head.message_id == whole.message_id);
        CHECK(head.date == whole.date);
        CHECK(head.content_type == whole.content_type);
        ++count;
      }
    }
    CHECK(count > 10);
  }
  TEST_CASE("regression: a one-byte part after a header ending in LF CR keeps the message") {
    // mimetic threw std::length_error here: subject and parts were lost.
    std::string raw = read(std::filesystem::path(CERTBUND_SOURCE_DIR) /
                           "tests/fuzz-regressions/message/one-byte-part-after-lf-cr.eml");
    REQUIRE(raw.size() > 40);
    Message m = parse_message(raw);
    CHECK(m.subject == "one byte");
    REQUIRE(m.parts.size() == 1);
    CHECK(m.parts[0].text == "");
  }
  TEST_CASE("every input in tests/fuzz-regressions/message parses, whole and capped") {
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(CERTBUND_SOURCE_DIR) /
                                                                 "tests/fuzz-regressions/message")) {
      CAPTURE(entry.path());
      std::string raw = read(entry.path());
      CHECK_NOTHROW(parse_message(raw));
      CHECK_NOTHROW(parse_message(raw, 2));
      CHECK_NOTHROW(parse_headers(raw));
    }
  }
  TEST_CASE("parse_capped builds the tree mimetic builds (samples and odd structures)") {
    std::vector<std::string> inputs = {
        nested_multiparts(5),
        nested_messages(5),
        nested_without_boundary(5),
        closed_multiparts(20),
        "Subject: preamble and epilogue\nContent-Type: multipart/mixed; boundary=b\n\npre\n--b\n\none\n--b\n"
        "Content-Type: text/csv\n\na,b\n--b--\nepilogue\n",
        "Subject: boundary inside a line\nContent-Type: multipart/mixed; boundary=b\n\nx--b\nA: 1\n\ny--b--z\n",
        "Subject: no closing boundary\nContent-Type: multipart/alternative; boundary=\"x y\"\n\n--x y\n\ntext",
        "Subject: crlf\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: text/plain\r\n\r\n"
        "body\r\n--c--\r\n",
        "Subject: cr only\rContent-Type: multipart/mixed; boundary=r\r\r--r\rX: y\r\rz\r--r--\r",
        "Subject: empty\n\n",
        "",
        "no header at all\n",
        "A: b\n c\n\n",
    };
    std::filesystem::path samples = std::filesystem::path(CERTBUND_SOURCE_DIR) / "samples";
    for (const auto& dir : {samples / "mails", samples / "maildir" / "new"}) {
      for (const auto& entry : std::filesystem::directory_iterator(dir)) inputs.push_back(read(entry.path()));
    }
    for (const std::string& input : inputs) {
      CAPTURE(input.substr(0, 80));
      CHECK(capped_tree(input) == mimetic_tree(input));
    }
  }
}

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "certbund/smtp.hpp"
#include "smtp_sink.hpp"

using namespace certbund;
using certbund::test::SmtpSink;
using certbund::test::TempDir;
using Kind = SendResult::Kind;

namespace {

const std::string k_message =
    "From: abuse@example.net\r\n"
    "To: noc@customer.example\r\n"
    "Subject: Offene Memcached-Server\r\n"
    "\r\n"
    "Guten Tag,\r\n"
    "\r\n"
    "192.0.2.1 port 11211\r\n";

// One plain sink for the whole file: starting one takes most of a second.
SmtpSink& sink() {
  static TempDir dir;
  static SmtpSink sink(dir.path.string());
  return sink;
}

SmtpConfig plain() {
  SmtpConfig config;
  config.url = sink().url();
  config.starttls = StartTls::off;
  config.timeout_seconds = 5;
  return config;
}

SendResult send_one(const SmtpConfig& config, const std::string& to, const std::string& bytes) {
  return SmtpClient(config).send("abuse@example.net", {to}, bytes);
}

// The sink's "queued as NNNN" for message `n`.
std::string queue_id(int n) {
  char id[16];
  std::snprintf(id, sizeof id, "%04d", n);
  return id;
}

nlohmann::json record(int n) { return nlohmann::json::parse(sink().record(n)); }

// Listens on 127.0.0.1 but never accepts: the TCP handshake succeeds (the
// kernel does it) and the greeting never comes.
struct SilentServer {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  SilentServer() {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), len);
    listen(fd, 4);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ~SilentServer() { close(fd); }
};

}  // namespace

TEST_SUITE("smtp") {
  TEST_CASE("delivered bytes are identical to what was sent") {
    const int n = sink().count() + 1;
    SendResult r = send_one(plain(), "noc@customer.example", k_message);
    CHECK(r.kind == Kind::sent);
    CHECK(r.code == 250);
    CHECK(r.reply == "250 2.0.0 OK queued as " + queue_id(n));
    CHECK(sink().message(n) == k_message);
  }

  TEST_CASE("multiple recipients in one envelope") {
    const int n = sink().count() + 1;
    SendResult r =
        SmtpClient(plain()).send("abuse@example.net", {"abuse@muster.example", "noc@muster.example"}, k_message);
    REQUIRE(r.kind == Kind::sent);
    CHECK(record(n)["mail_from"] == "abuse@example.net");
    CHECK(record(n)["rcpt_tos"] == nlohmann::json{"abuse@muster.example", "noc@muster.example"});
    CHECK(sink().message(n + 1).empty());
  }

  TEST_CASE("addresses already in angle brackets are not bracketed twice") {
    const int n = sink().count() + 1;
    SendResult r = SmtpClient(plain()).send("<abuse@example.net>", {"<noc@x.example>"}, k_message);
    REQUIRE(r.kind == Kind::sent);
    CHECK(record(n)["mail_from"] == "abuse@example.net");
    CHECK(record(n)["rcpt_tos"] == nlohmann::json{"noc@x.example"});
  }

  TEST_CASE("body lines starting with a dot survive dot-stuffing") {
    const int n = sink().count() + 1;
    const std::string bytes = "Subject: dots\r\n\r\n.\r\n..two\r\n.htaccess\r\nend\r\n";
    REQUIRE(send_one(plain(), "noc@x.example", bytes).kind == Kind::sent);
    CHECK(sink().message(n) == bytes);
  }

  TEST_CASE("bare LF line ends arrive as CRLF") {
    const int n = sink().count() + 1;
    const std::string lf = "Subject: lf\n\nline one\n.dot line\nline three\n";
    const std::string crlf = "Subject: lf\r\n\r\nline one\r\n.dot line\r\nline three\r\n";
    REQUIRE(send_one(plain(), "noc@x.example", lf).kind == Kind::sent);
    CHECK(sink().message(n) == crlf);
  }

  TEST_CASE("message without a final line end arrives with one") {
    const int n = sink().count() + 1;
    REQUIRE(send_one(plain(), "noc@x.example", "Subject: cut\r\n\r\nno end").kind == Kind::sent);
    CHECK(sink().message(n) == "Subject: cut\r\n\r\nno end\r\n");
  }

  TEST_CASE("550 for a recipient is permanent, with the server's reply") {
    const int n = sink().count() + 1;
    SendResult r = send_one(plain(), "reject@customer.example", k_message);
    CHECK(r.kind == Kind::permanent);
    CHECK(r.code == 550);
    CHECK(r.reply == "550 5.1.1 no such user");
    CHECK(sink().message(n).empty());
  }

  TEST_CASE("one rejected recipient among several stops the whole message") {
    const int n = sink().count() + 1;
    SendResult r = SmtpClient(plain()).send("abuse@example.net", {"noc@x.example", "reject@x.example"}, k_message);
    CHECK(r.kind == Kind::permanent);
    CHECK(sink().message(n).empty());
  }

  TEST_CASE("451 for a recipient is temporary") {
    const int n = sink().count() + 1;
    SendResult r = send_one(plain(), "tempfail@customer.example", k_message);
    CHECK(r.kind == Kind::temporary);
    CHECK(r.code == 451);
    CHECK(r.reply == "451 4.3.0 try again later");
    CHECK(sink().message(n).empty());
  }

  TEST_CASE("server down (closed port) is temporary with curl's error") {
    SmtpConfig config;
    config.url = "smtp://127.0.0.1:" + std::to_string(test::closed_port());
    SendResult r = send_one(config, "noc@x.example", k_message);
    CHECK(r.kind == Kind::temporary);
    CHECK(r.code == 0);
    CHECK(r.reply.find("onnect") != std::string::npos);
  }

  TEST_CASE("server that never greets times out as temporary") {
    SilentServer silent;
    SmtpConfig config;
    config.url = "smtp://127.0.0.1:" + std::to_string(silent.port);
    config.timeout_seconds = 1;
    SendResult r = send_one(config, "noc@x.example", k_message);
    CHECK(r.kind == Kind::temporary);
    CHECK(r.reply.find("timed out") != std::string::npos);
  }

  TEST_CASE("opportunistic STARTTLS against a plain server sends in the clear") {
    const int n = sink().count() + 1;
    SmtpConfig config = plain();
    config.starttls = StartTls::opportunistic;
    REQUIRE(send_one(config, "noc@x.example", k_message).kind == Kind::sent);
    CHECK(record(n)["tls"] == false);
  }

  TEST_CASE("STARTTLS required against a plain server is temporary, nothing sent") {
    const int n = sink().count() + 1;
    SmtpConfig config = plain();
    config.starttls = StartTls::required;
    SendResult r = send_one(config, "noc@x.example", k_message);
    CHECK(r.kind == Kind::temporary);
    CHECK_FALSE(r.reply.empty());
    CHECK(sink().message(n).empty());
  }

  TEST_CASE("address with a line break is refused before connecting") {
    SmtpConfig config;
    config.url = "smtp://127.0.0.1:" + std::to_string(test::closed_port());
    SendResult r = send_one(config, "noc@x.example\r\nRCPT TO:<x@evil.example>", k_message);
    CHECK(r.kind == Kind::permanent);
    CHECK(r.code == 0);
    CHECK(r.reply.find("address") != std::string::npos);
  }

  TEST_CASE("no recipients is refused") {
    SmtpConfig config;
    SendResult r = SmtpClient(config).send("abuse@example.net", {}, k_message);
    CHECK(r.kind == Kind::permanent);
    CHECK(r.reply.find("recipient") != std::string::npos);
  }

  TEST_CASE("a URL that is not smtp or smtps is refused and writes nothing") {
    TempDir tmp;
    SmtpConfig config;
    config.url = "file://" + tmp.path.string() + "/upload.eml";
    SendResult r = send_one(config, "noc@x.example", k_message);
    CHECK(r.kind == Kind::temporary);
    CHECK_FALSE(std::filesystem::exists(tmp.path.string() + "/upload.eml"));
  }
}

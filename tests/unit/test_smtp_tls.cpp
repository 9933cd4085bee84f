#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "certbund/smtp.hpp"
#include "smtp_sink.hpp"

using namespace certbund;
using certbund::test::SmtpSink;
using certbund::test::TempDir;
using Kind = SendResult::Kind;

namespace {

const std::string k_message = "Subject: TLS\r\n\r\nVertraulich.\r\n";

// A scratch directory with a self-signed certificate for 127.0.0.1, made
// once for the whole file.
struct TlsDir : TempDir {
  TlsDir() { test::make_self_signed_cert(path.string()); }
  std::string cert() const { return path.string() + "/cert.pem"; }
  std::vector<std::string> options(const std::string& mode) const {
    return {"--tls-cert", cert(), "--tls-key", path.string() + "/key.pem", mode};
  }
};

const TlsDir& tls_dir() {
  static TlsDir dir;
  return dir;
}

// Sinks shared by the test cases: starting one takes most of a second.
SmtpSink& starttls_sink() {
  static SmtpSink sink(tls_dir().path.string() + "/starttls", tls_dir().options("--require-starttls"));
  return sink;
}

std::vector<std::string> with_auth(std::vector<std::string> options) {
  options.insert(options.end(), {"--auth", "certbund:s3cret"});
  return options;
}

SmtpSink& auth_sink() {
  static SmtpSink sink(tls_dir().path.string() + "/auth", with_auth(tls_dir().options("--require-starttls")));
  return sink;
}

SmtpSink& smtps_sink() {
  static SmtpSink sink(tls_dir().path.string() + "/smtps", with_auth(tls_dir().options("--smtps")));
  return sink;
}

SmtpConfig trusting(const SmtpSink& sink) {
  SmtpConfig config;
  config.url = sink.url();
  config.starttls = StartTls::required;
  config.ca_file = tls_dir().cert();
  config.timeout_seconds = 5;
  return config;
}

SmtpConfig logging_in(const SmtpSink& sink, const std::string& password) {
  SmtpConfig config = trusting(sink);
  config.username = "certbund";
  config.password = password;
  return config;
}

SendResult send(const SmtpConfig& config) {
  return SmtpClient(config).send("abuse@example.net", {"noc@x.example"}, k_message);
}

nlohmann::json record(const SmtpSink& sink, int n) { return nlohmann::json::parse(sink.record(n)); }

}  // namespace

TEST_SUITE("smtp") {
  TEST_CASE("STARTTLS required, server's CA given: sent over TLS") {
    SmtpSink& sink = starttls_sink();
    const int n = sink.count() + 1;
    CHECK(send(trusting(sink)).kind == Kind::sent);
    CHECK(sink.message(n) == k_message);
    CHECK(record(sink, n)["tls"] == true);
  }

  TEST_CASE("STARTTLS required, CA not given: verify failure is temporary") {
    SmtpSink& sink = starttls_sink();
    const int n = sink.count() + 1;
    SmtpConfig config = trusting(sink);
    config.ca_file.clear();
    SendResult r = send(config);
    CHECK(r.kind == Kind::temporary);
    CHECK(r.reply.find("certificate") != std::string::npos);
    CHECK(sink.message(n).empty());
  }

  TEST_CASE("verify_peer off accepts the self-signed certificate") {
    SmtpConfig config = trusting(starttls_sink());
    config.ca_file.clear();
    config.verify_peer = false;
    CHECK(send(config).kind == Kind::sent);
  }

  TEST_CASE("server requires STARTTLS, client has it off: 530 is temporary") {
    SmtpSink& sink = starttls_sink();
    const int n = sink.count() + 1;
    SmtpConfig config = trusting(sink);
    config.starttls = StartTls::off;
    SendResult r = send(config);
    CHECK(r.kind == Kind::temporary);
    CHECK(r.code == 530);
    CHECK(sink.message(n).empty());
  }

  TEST_CASE("AUTH with user and password over STARTTLS") {
    SmtpSink& sink = auth_sink();
    const int n = sink.count() + 1;
    CHECK(send(logging_in(sink, "s3cret")).kind == Kind::sent);
    CHECK(record(sink, n)["auth_user"] == "certbund");
    CHECK(record(sink, n)["tls"] == true);
  }

  TEST_CASE("AUTH with a wrong password is temporary, not a bounce") {
    SmtpSink& sink = auth_sink();
    const int n = sink.count() + 1;
    SendResult r = send(logging_in(sink, "wrong"));
    CHECK(r.kind == Kind::temporary);
    CHECK(r.code == 535);
    CHECK(sink.message(n).empty());
  }

  TEST_CASE("no AUTH where the server demands it is temporary") {
    SmtpSink& sink = auth_sink();
    SendResult r = send(trusting(sink));
    CHECK(r.kind == Kind::temporary);
    CHECK(r.code == 530);
  }

  TEST_CASE("smtps:// speaks TLS from the first byte") {
    SmtpSink& sink = smtps_sink();
    const int n = sink.count() + 1;
    SmtpConfig config = logging_in(sink, "s3cret");
    config.url = sink.url("smtps");
    config.starttls = StartTls::off;  // implicit TLS needs no STARTTLS
    CHECK(send(config).kind == Kind::sent);
    CHECK(sink.message(n) == k_message);
    CHECK(record(sink, n)["tls"] == true);
  }
}

TEST_SUITE("smtp.probe") {
  TEST_CASE("probe: STARTTLS and AUTH as configured, nothing sent") {
    SmtpSink& sink = auth_sink();
    const int before = sink.count();
    SendResult r = SmtpClient(logging_in(sink, "s3cret")).probe();
    CHECK(r.kind == Kind::sent);
    CHECK(r.reply == "TLS, AUTH as certbund");
    CHECK(sink.count() == before);
  }
  TEST_CASE("probe: a wrong password is found without sending") {
    SmtpSink& sink = auth_sink();
    const int before = sink.count();
    SendResult r = SmtpClient(logging_in(sink, "wrong")).probe();
    CHECK(r.kind == Kind::temporary);
    CHECK(r.code == 535);
    CHECK(sink.count() == before);
  }
  TEST_CASE("probe: a certificate not trusted is found") {
    SmtpConfig config = trusting(starttls_sink());
    config.ca_file.clear();
    CHECK(SmtpClient(config).probe().kind == Kind::temporary);
  }
  TEST_CASE("probe: smtps") {
    SmtpConfig config = logging_in(smtps_sink(), "s3cret");
    config.url = smtps_sink().url("smtps");
    CHECK(SmtpClient(config).probe().reply == "TLS, AUTH as certbund");
  }
  TEST_CASE("probe: server down is temporary") {
    SmtpConfig config;
    config.url = "smtp://127.0.0.1:" + std::to_string(test::closed_port());
    config.timeout_seconds = 5;
    CHECK(SmtpClient(config).probe().kind == Kind::temporary);
  }
}

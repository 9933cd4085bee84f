#pragma once
// smtp: sends one finished message through libcurl: smtp:// and smtps://,
// STARTTLS required or opportunistic, AUTH.

#include <string>
#include <string_view>
#include <vector>

namespace certbund {

enum class StartTls { off, opportunistic, required };

struct SmtpConfig {
  std::string url = "smtp://127.0.0.1:25";  // smtp://host:port or smtps://host:port
  std::string username;                     // AUTH when not empty
  std::string password;
  StartTls starttls = StartTls::opportunistic;
  std::string ca_file;  // trust this CA (self-signed test servers); empty: system store
  bool verify_peer = true;
  long timeout_seconds = 30;
};

struct SendResult {
  enum class Kind { sent, temporary, permanent };
  Kind kind = Kind::temporary;
  long code = 0;      // last SMTP reply code, 0 when none (connection failed)
  std::string reply;  // one line: server reply or curl's error
};

class SmtpClient {
 public:
  explicit SmtpClient(SmtpConfig config);
  // Connection failures, timeouts and 4xx are temporary; 5xx permanent.
  // Failures the operator fixes in the config (TLS verification, a URL that
  // is not smtp:// or smtps://, 530/534/535/538 for STARTTLS or AUTH) are
  // temporary too, so the notice waits instead of failing. One rejected
  // recipient stops the whole message (permanent for 5xx). Bare LFs in
  // `bytes` are sent as CRLF. Addresses may come with or without <>; one
  // with a CR or LF, or no recipient at all, is permanent without a
  // connection.
  SendResult send(const std::string& from, const std::vector<std::string>& to, const std::string& bytes) const;

  // Connects, says EHLO, does STARTTLS and AUTH as configured, and QUITs
  // without sending anything: for `certbund check --smtp`. Kinds as for
  // send(); when it worked (`sent`), `reply` says "TLS" or "no TLS" and
  // ", AUTH as USER".
  SendResult probe() const;

 private:
  SmtpConfig config_;
};

}  // namespace certbund

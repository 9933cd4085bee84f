#pragma once
// smtp: sends one finished message through libcurl: smtp:// and smtps://,
// STARTTLS required or opportunistic, AUTH.

#include <string>
#include <vector>

namespace certbund {

enum class StartTls { off, opportunistic, required };

struct SmtpConfig {
  std::string url = "smtp://127.0.0.1:25";  // smtp://host:port or smtps://host:port
  std::string username;                     // AUTH when not empty
  std::string password;
  StartTls starttls = StartTls::opportunistic;
  std::string ca_file;       // trust this CA (self-signed test servers); empty: system store
  bool verify_peer = true;
  long timeout_seconds = 30;
};

struct SendResult {
  enum class Kind { sent, temporary, permanent };
  Kind kind = Kind::temporary;
  long code = 0;       // last SMTP reply code, 0 when none (connection failed)
  std::string reply;   // one line: server reply or curl's error
};

class SmtpClient {
 public:
  explicit SmtpClient(SmtpConfig config);
  // Connection failures, timeouts and 4xx are temporary; 5xx permanent.
  SendResult send(const std::string& from, const std::vector<std::string>& to,
                  const std::string& bytes) const;

 private:
  SmtpConfig config_;
};

}  // namespace certbund

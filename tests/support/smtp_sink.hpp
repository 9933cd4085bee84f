#pragma once
// Test fixture for the smtp stage: a running tests/tools/smtp_sink.py on
// a free port of 127.0.0.1.

#include <sys/types.h>

#include <string>
#include <vector>

#include "net.hpp"
#include "temp_dir.hpp"

namespace certbund::test {

// smtp_sink.py started in the background with `options`; it saves mail
// under `dir` (made if missing). Throws when it does not listen within
// 10 s; stopped (SIGTERM) on destruction. Starting one costs most of a
// second (Python importing asyncio), so tests share a sink and look at
// the messages after count().
class SmtpSink {
 public:
  SmtpSink(const std::string& dir, const std::vector<std::string>& options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  std::string url(const std::string& scheme = "smtp") const;
  // How many messages the sink has saved.
  int count() const;
  // Bytes of the `n`th message (1-based), "" when there is none.
  std::string message(int n) const;
  // The `n`th message's JSON record, "" when there is none.
  std::string record(int n) const;

 private:
  void stop();

  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Writes `dir`/cert.pem and `dir`/key.pem: self-signed for IP 127.0.0.1.
void make_self_signed_cert(const std::string& dir);

std::string read_file(const std::string& path);

}  // namespace certbund::test

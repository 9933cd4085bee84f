// One libcurl easy handle per message. libcurl speaks the SMTP dialogue,
// dot-stuffs the body and does STARTTLS and AUTH; this file sets it up and
// keeps the server's last reply line for classify().

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certbund/smtp.hpp"
#include "certbund/util.hpp"
#include "outcome.hpp"

namespace certbund {

namespace {

struct CurlCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Handle = std::unique_ptr<CURL, CurlCleanup>;
using Slist = std::unique_ptr<curl_slist, SlistFree>;

struct Upload {
  std::string_view bytes;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, upload->bytes.size() - upload->offset);
  std::memcpy(buffer, upload->bytes.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// libcurl hands each SMTP reply line to the header callback.
std::size_t keep_reply(char* buffer, std::size_t size, std::size_t count, void* user) {
  static_cast<std::vector<std::string>*>(user)->push_back(trim(std::string_view(buffer, size * count)));
  return size * count;
}

bool global_init() {
  static std::once_flag once;
  static CURLcode rc = CURLE_FAILED_INIT;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return rc == CURLE_OK;
}

std::string bracketed(const std::string& address) { return address.starts_with('<') ? address : "<" + address + ">"; }

bool has_line_break(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

// A CR or LF in an address would let it add commands to the SMTP dialogue.
std::optional<std::string> envelope_problem(const std::string& from, const std::vector<std::string>& to) {
  if (to.empty()) return "no recipient address";
  if (has_line_break(from)) return "line break in the sender address";
  if (std::ranges::any_of(to, has_line_break)) return "line break in a recipient address";
  return std::nullopt;
}

Slist recipient_list(const std::vector<std::string>& to) {
  Slist list;
  for (const std::string& address : to) {
    curl_slist* longer = curl_slist_append(list.get(), bracketed(address).c_str());
    if (longer == nullptr) return nullptr;  // out of memory; `list` frees what it has
    list.release();
    list.reset(longer);
  }
  return list;
}

long use_ssl(StartTls starttls) {
  switch (starttls) {
    case StartTls::off: return CURLUSESSL_NONE;
    case StartTls::opportunistic: return CURLUSESSL_TRY;
    case StartTls::required: return CURLUSESSL_ALL;
  }
  return CURLUSESSL_ALL;
}

void set_connection(CURL* c, const SmtpConfig& config) {
  curl_easy_setopt(c, CURLOPT_URL, config.url.c_str());
  // Only mail: a file:// URL with CURLOPT_UPLOAD would write a file.
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl(config.starttls));
  if (!config.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, config.verify_peer ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, config.verify_peer ? 2L : 0L);
  if (!config.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, config.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, config.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
}

void set_message(CURL* c, const std::string& from, curl_slist* rcpt, Upload& upload) {
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, bracketed(from).c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload.bytes.size()));
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
}

Transfer failed_setup(const char* what) {
  Transfer t;
  t.rc = CURLE_FAILED_INIT;
  t.error = what;
  return t;
}

Transfer perform(const SmtpConfig& config, const std::string& from, const std::vector<std::string>& to,
                 const std::string& bytes) {
  if (!global_init()) return failed_setup("curl_global_init failed");
  const std::string crlf = to_crlf(bytes);
  Upload upload{crlf};
  Slist rcpt = recipient_list(to);
  std::vector<std::string> replies;
  char error[CURL_ERROR_SIZE] = "";
  // Declared last, destroyed first: curl_easy_cleanup may still read the
  // QUIT reply into `replies`.
  Handle curl(curl_easy_init());
  if (!curl || !rcpt) return failed_setup("out of memory for libcurl");
  set_connection(curl.get(), config);
  set_message(curl.get(), from, rcpt.get(), upload);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, keep_reply);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &replies);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  Transfer t;
  t.rc = curl_easy_perform(curl.get());
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &t.code);
  t.replies = std::move(replies);
  t.error = error;
  return t;
}

// CONNECT_ONLY: libcurl's SMTP connect phase is greeting, EHLO, STARTTLS
// and AUTH; it stops there, and cleanup says QUIT.
Transfer probe_connection(const SmtpConfig& config) {
  if (!global_init()) return failed_setup("curl_global_init failed");
  std::vector<std::string> replies;
  char error[CURL_ERROR_SIZE] = "";
  Handle curl(curl_easy_init());
  if (!curl) return failed_setup("out of memory for libcurl");
  set_connection(curl.get(), config);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, keep_reply);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &replies);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  Transfer t;
  t.rc = curl_easy_perform(curl.get());
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &t.code);
  curl.reset();
  t.replies = std::move(replies);
  t.error = error;
  return t;
}

}  // namespace

SmtpClient::SmtpClient(SmtpConfig config) : config_(std::move(config)) {}

SendResult SmtpClient::send(const std::string& from, const std::vector<std::string>& to,
                            const std::string& bytes) const {
  if (auto problem = envelope_problem(from, to)) return {SendResult::Kind::permanent, 0, *problem};
  return classify(perform(config_, from, to, bytes));
}

SendResult SmtpClient::probe() const {
  Transfer t = probe_connection(config_);
  SendResult r = classify(t);
  if (r.kind == SendResult::Kind::sent) {
    // A 220 after the greeting is the answer to STARTTLS.
    bool tls = config_.url.starts_with("smtps://") ||
               std::any_of(t.replies.begin() + std::min<std::size_t>(1, t.replies.size()), t.replies.end(),
                           [](const std::string& line) { return line.starts_with("220"); });
    r.reply = std::string(tls ? "TLS" : "no TLS") + (config_.username.empty() ? "" : ", AUTH as " + config_.username);
  }
  return r;
}

}  // namespace certbund

#include "outcome.hpp"

#include "certbund/util.hpp"

namespace certbund {

namespace {

// 530, 534, 535 and 538 (RFC 3207, RFC 4954) refuse our STARTTLS or AUTH
// setup, not the recipient: the operator fixes the config and the notice
// must still go out then, so these are not bounces.
bool refuses_our_setup(long code) { return code == 530 || code == 534 || code == 535 || code == 538; }

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return trim(text);
}

std::string curl_error(const Transfer& t) { return t.error.empty() ? curl_easy_strerror(t.rc) : one_line(t.error); }

// The server's own words: its last line with `t.code`. libcurl may have
// sent QUIT after the failing reply, so that is not always the last line.
// Without one, the code with curl's account of what failed.
std::string server_reply(const Transfer& t) {
  const std::string code = std::to_string(t.code);
  for (auto line = t.replies.rbegin(); line != t.replies.rend(); ++line) {
    if (line->starts_with(code)) return *line;
  }
  return code + " " + (t.rc == CURLE_OK ? std::string("OK") : curl_error(t));
}

}  // namespace

SendResult classify(const Transfer& t) {
  using Kind = SendResult::Kind;
  if (t.rc == CURLE_OK) return {Kind::sent, t.code, server_reply(t)};
  if (t.code >= 400 && t.code < 600) {
    bool permanent = t.code >= 500 && !refuses_our_setup(t.code);
    return {permanent ? Kind::permanent : Kind::temporary, t.code, server_reply(t)};
  }
  // No refusal from the server: connection, timeout or TLS trouble. A
  // certificate that fails verification is temporary as well: the operator
  // can fix ca_file or the server, and the notice must not be dropped.
  return {Kind::temporary, t.code, curl_error(t)};
}

}  // namespace certbund

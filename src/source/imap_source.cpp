// Design: one libcurl easy handle, so one IMAP connection, kept open while
// the mailbox is read. The UIDs of the UNSEEN messages are searched once,
// when the source is opened.
//
// curl fetches with "UID FETCH n BODY[]", which sets \Seen, and it drops
// the literal of a custom "BODY.PEEK[]" fetch. So every fetch runs with
// the mailbox opened read-only: a custom EXAMINE just before it (curl
// believes its own SELECT still holds and fetches without selecting
// again), and a read-only mailbox keeps its flags. processed() SELECTs it
// read-write and stores \Seen. A message that was not stored stays unseen:
// a kill at any point loses nothing, the next poll reads it again. The
// EXAMINE also swallows what other clients changed meanwhile; curl would
// take such an untagged FETCH for the reply to its own.

#include <curl/curl.h>

#include <charconv>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "certbund/source.hpp"

namespace certbund {

namespace {

struct CurlCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct UrlCleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using Handle = std::unique_ptr<CURL, CurlCleanup>;
using Url = std::unique_ptr<CURLU, UrlCleanup>;

bool global_init() {
  static std::once_flag once;
  static CURLcode rc = CURLE_FAILED_INIT;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return rc == CURLE_OK;
}

std::size_t append(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// One part of a parsed URL; empty when it is not there.
std::string url_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

// What the source needs from its URL. `url` names the mailbox and the
// user but holds no password: it is what errors and origins show.
struct Target {
  std::string url, user, password, mailbox;
};

Error url_error(const std::string& shown, const std::string& what) { return Error{shown + ": " + what, Exit::config}; }

// The path of "imap://host/INBOX;UIDVALIDITY=5" is the mailbox "INBOX";
// curl's own ";..." parameters are dropped, the source adds ";UID=n".
Result<std::string> mailbox_of(CURLU* url, const std::string& shown) {
  std::string path = url_part(url, CURLUPART_PATH);
  path = path.substr(0, path.find(';'));
  while (path.ends_with('/')) path.pop_back();
  curl_url_set(url, CURLUPART_PATH, path.c_str(), 0);
  std::string mailbox = url_part(url, CURLUPART_PATH, CURLU_URLDECODE);
  if (mailbox.starts_with('/')) mailbox.erase(0, 1);
  if (mailbox.empty()) return std::unexpected(url_error(shown, "no mailbox in the URL (imaps://USER@HOST/INBOX)"));
  for (unsigned char c : mailbox) {
    // The name goes into an IMAP command line: a CR or LF would end it.
    if (c < 0x20 || c == 0x7f) return std::unexpected(url_error(shown, "a control character in the mailbox name"));
  }
  return mailbox;
}

Result<Target> parse_target(const std::string& text, const std::string& username, const std::string& password) {
  Url url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return std::unexpected(url_error(text, "not a valid URL"));
  }
  Target t;
  t.password = password.empty() ? url_part(url.get(), CURLUPART_PASSWORD, CURLU_URLDECODE) : password;
  curl_url_set(url.get(), CURLUPART_PASSWORD, nullptr, 0);
  if (!username.empty()) curl_url_set(url.get(), CURLUPART_USER, username.c_str(), CURLU_URLENCODE);
  t.user = url_part(url.get(), CURLUPART_USER, CURLU_URLDECODE);
  std::string shown = url_part(url.get(), CURLUPART_URL);
  std::string scheme = url_part(url.get(), CURLUPART_SCHEME);
  if (scheme != "imap" && scheme != "imaps") return std::unexpected(url_error(shown, "not an imap:// or imaps:// URL"));
  if (t.user.empty()) return std::unexpected(url_error(shown, "no user name in the URL (imaps://USER@HOST/INBOX)"));
  auto mailbox = mailbox_of(url.get(), shown);
  if (!mailbox) return std::unexpected(mailbox.error());
  t.mailbox = *mailbox;
  curl_url_set(url.get(), CURLUPART_QUERY, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_FRAGMENT, nullptr, 0);
  t.url = url_part(url.get(), CURLUPART_URL);
  return t;
}

// The mailbox name as an IMAP quoted string.
std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The UIDs in the "* SEARCH 1 2 3" lines of a UID SEARCH reply.
std::vector<unsigned long> searched_uids(const std::string& reply) {
  std::vector<unsigned long> uids;
  for (std::string_view line : split_lines(reply)) {
    if (!line.starts_with("* SEARCH")) continue;
    for (const std::string& word : split(line.substr(8), ' ')) {
      unsigned long uid = 0;
      auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), uid);
      if (ec == std::errc() && end == word.data() + word.size() && !word.empty()) uids.push_back(uid);
    }
  }
  return uids;
}

struct Reply {
  CURLcode rc = CURLE_OK;
  std::string body;
  bool reconnected = false;  // curl logged in (and SELECTed) again for it
};

// One IMAP connection: curl keeps it open between transfers of the handle.
class Connection {
 public:
  Connection(Target target, Handle handle, const ImapTls& tls)
      : target_(std::move(target)), handle_(std::move(handle)), tls_(tls) {
    configure();
  }

  const Target& target() const { return target_; }

  // An IMAP command on the mailbox; its untagged replies are the body.
  Reply command(const std::string& line) { return perform(target_.url, line.c_str()); }
  Reply fetch(unsigned long uid) { return perform(target_.url + ";UID=" + std::to_string(uid), nullptr); }

 private:
  void configure() {
    CURL* c = handle_.get();
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    curl_easy_setopt(c, CURLOPT_USERNAME, target_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, target_.password.c_str());
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    if (!tls_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, tls_.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, tls_.verify_peer ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, tls_.verify_peer ? 2L : 0L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    // A stalled server, not a large mail, ends a transfer.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append);
  }

  Reply perform(const std::string& url, const char* custom) {
    CURL* c = handle_.get();
    Reply reply;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, custom);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    reply.rc = curl_easy_perform(c);
    long connects = 0;
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
    reply.reconnected = connects > 0;
    return reply;
  }

  Target target_;
  Handle handle_;
  ImapTls tls_;
};

class ImapSource : public Source {
 public:
  ImapSource(Connection connection, std::vector<unsigned long> uids)
      : connection_(std::move(connection)), uids_(std::move(uids)) {}

  Result<std::optional<RawMessage>> read() override {
    while (next_ < uids_.size()) {
      unsigned long uid = uids_[next_++];
      auto bytes = fetch(uid);
      if (!bytes) return std::unexpected(bytes.error());
      if (*bytes) return RawMessage{std::move(**bytes), origin(uid), {}};
    }
    return std::nullopt;
  }

  // A failure leaves the message unseen: the next poll reads it again and
  // the store knows it by its hash.
  void processed(const RawMessage& message) override {
    auto uid = uid_of(message.origin);
    if (!uid) return;
    if (connection_.command("SELECT " + quoted(connection_.target().mailbox)).rc != CURLE_OK) return;
    connection_.command("UID STORE " + std::to_string(*uid) + " +FLAGS.SILENT (\\Seen)");
  }

 private:
  // The message, std::nullopt when it was expunged since the search.
  Result<std::optional<std::string>> fetch(unsigned long uid) {
    Reply examined = connection_.command("EXAMINE " + quoted(connection_.target().mailbox));
    if (examined.rc != CURLE_OK) return std::unexpected(failure(examined.rc));
    Reply reply = connection_.fetch(uid);
    // The connection broke after the EXAMINE: curl logged in again and
    // SELECTed read-write, so this fetch set \Seen. Take it back.
    if (reply.reconnected) connection_.command("UID STORE " + std::to_string(uid) + " -FLAGS.SILENT (\\Seen)");
    if (reply.rc == CURLE_REMOTE_FILE_NOT_FOUND) return std::nullopt;
    if (reply.rc != CURLE_OK) return std::unexpected(failure(reply.rc));
    return std::move(reply.body);
  }

  Error failure(CURLcode rc) const {
    return Error{connection_.target().url + ": " + curl_easy_strerror(rc), Exit::temp_fail};
  }

  std::string origin(unsigned long uid) const { return connection_.target().url + ";UID=" + std::to_string(uid); }

  std::optional<unsigned long> uid_of(const std::string& origin) const {
    std::string prefix = connection_.target().url + ";UID=";
    if (!origin.starts_with(prefix)) return std::nullopt;
    unsigned long uid = 0;
    auto [end, ec] = std::from_chars(origin.data() + prefix.size(), origin.data() + origin.size(), uid);
    if (ec != std::errc() || end != origin.data() + origin.size()) return std::nullopt;
    return uid;
  }

  Connection connection_;
  std::vector<unsigned long> uids_;
  std::size_t next_ = 0;
};

}  // namespace

Result<std::unique_ptr<Source>> open_imap_source(const std::string& url, const std::string& username,
                                                 const std::string& password, const ImapTls& tls) {
  auto target = parse_target(url, username, password);
  if (!target) return std::unexpected(target.error());
  Handle handle(global_init() ? curl_easy_init() : nullptr);
  if (!handle) return std::unexpected(Error{target->url + ": cannot start libcurl", Exit::temp_fail});
  Connection connection(std::move(*target), std::move(handle), tls);
  Reply search = connection.command("UID SEARCH UNSEEN");
  if (search.rc != CURLE_OK) {
    return std::unexpected(Error{connection.target().url + ": " + curl_easy_strerror(search.rc), Exit::temp_fail});
  }
  return std::make_unique<ImapSource>(std::move(connection), searched_uids(search.body));
}

}  // namespace certbund

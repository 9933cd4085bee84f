#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "certbund/source.hpp"
#include "net.hpp"

using namespace certbund;

namespace {

Error open_error(const std::string& url, const std::string& user = "", const std::string& password = "pw") {
  auto source = open_imap_source(url, user, password);
  REQUIRE_FALSE(source.has_value());
  return source.error();
}

}  // namespace

TEST_SUITE("source") {
  TEST_CASE("IMAP: a scheme other than imap or imaps is a config error") {
    Error e = open_error("pop3://alice@127.0.0.1/INBOX");
    CHECK(e.exit == Exit::config);
    CHECK(e.message.find("pop3://alice@127.0.0.1/INBOX") != std::string::npos);
  }

  TEST_CASE("IMAP: a URL that is no URL is a config error") {
    CHECK(open_error("imap://[::1/INBOX").exit == Exit::config);
  }

  TEST_CASE("IMAP: a URL without a mailbox is a config error") {
    Error e = open_error("imap://alice@127.0.0.1/");
    CHECK(e.exit == Exit::config);
    CHECK(e.message.find("mailbox") != std::string::npos);
  }

  TEST_CASE("IMAP: a line break in the mailbox name is a config error, not a command") {
    CHECK(open_error("imap://alice@127.0.0.1/INBOX%0D%0AA1%20DELETE%20INBOX").exit == Exit::config);
  }

  TEST_CASE("IMAP: no user in the URL and none given is a config error") {
    Error e = open_error("imap://127.0.0.1/INBOX");
    CHECK(e.exit == Exit::config);
    CHECK(e.message.find("user") != std::string::npos);
  }

  TEST_CASE("IMAP: an unreachable server is a temporary failure naming the URL without the password") {
    std::string url = "imap://alice:hunter2@127.0.0.1:" + std::to_string(certbund::test::closed_port()) + "/INBOX";
    Error e = open_error(url, "", "s3cret");
    CHECK(e.exit == Exit::temp_fail);
    CHECK(e.message.find("imap://alice@127.0.0.1:") == 0);
    CHECK(e.message.find("hunter2") == std::string::npos);
    CHECK(e.message.find("s3cret") == std::string::npos);
    CHECK(e.message.find('\n') == std::string::npos);
  }
}

#include <doctest/doctest.h>
#include <mimetic/mimetic.h>

#include "notices_support.hpp"

using namespace notices_test;

namespace {

// `count` rows of one customer, each with its own address and version.
std::vector<Row> many_rows(int count) {
  std::vector<Row> rows;
  for (int i = 0; i < count; ++i) {
    std::string ip =
        "10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
    rows.push_back(row(ip, 11211, "1.4." + std::to_string(i) + ",\"x\""));
  }
  return rows;
}

// The decoded body of a leaf entity.
std::string decoded(const mimetic::MimeEntity& e) {
  std::string body = e.body();
  if (e.header().contentTransferEncoding().mechanism() == "quoted-printable") return qp_decode(body);
  return body;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (std::string_view line : split_lines(text)) out.emplace_back(line);
  return out;
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("a notice of few rows is one text part, without attachment") {
    Report r = report("memcached", "Offene Memcached-Server");
    Notice n = NoticeRenderer(config()).render(r, customer(Language::de), own_rows(r), 0);
    CHECK(head_of(n.bytes).find("Content-Type: text/plain; charset=utf-8") != std::string::npos);
    CHECK(n.bytes.find("text/csv") == std::string::npos);
  }
  TEST_CASE("rows beyond notify.max_rows_inline go in a CSV attachment that mimetic reads back whole") {
    Report r = report("memcached", "Offene Memcached-Server");
    std::vector<Row> rows = many_rows(4000);
    NoticeConfig cfg = config();
    REQUIRE(cfg.max_rows_inline == 500);
    Notice n = NoticeRenderer(cfg).render(r, customer(Language::de_en), rows, 0);
    CHECK(n.bytes.size() < 700 * 1000);  // the text lists 500 rows twice, the CSV holds 4000

    mimetic::MimeEntity top(n.bytes.begin(), n.bytes.end());
    CHECK(top.header().contentType().type() == "multipart");
    CHECK(top.header().contentType().subtype() == "mixed");
    REQUIRE(top.body().parts().size() == 2);
    const mimetic::MimeEntity& text = *top.body().parts().front();
    const mimetic::MimeEntity& csv = *top.body().parts().back();
    CHECK(text.header().contentType().subtype() == "plain");
    CHECK(csv.header().contentType().type() == "text");
    CHECK(csv.header().contentType().subtype() == "csv");
    CHECK(csv.header().contentType().param("charset") == "utf-8");
    CHECK(csv.header().contentDisposition().param("filename") == "certbund-CB-Report-20171204-10001828.csv");

    std::string body = decoded(text);
    CHECK(body.find("10.0.1.243") != std::string::npos);   // row 500 is listed
    CHECK(body.find("10.0.1.244 ") == std::string::npos);  // row 501 is not
    CHECK(body.find("... und 3500 weitere; alle 4000 stehen in der Anlage "
                    "certbund-CB-Report-20171204-10001828.csv.") != std::string::npos);
    CHECK(body.find("... and 3500 more; all 4000 are in the attached file") != std::string::npos);

    std::string table = decoded(csv);
    // RFC 4180 line ends as sent (mimetic's decoder gives LF back).
    CHECK(n.bytes.find("\r\nasn,ip,port,timestamp,Memcached version\r\n47215,10.0.0.0,") != std::string::npos);
    std::vector<std::string> lines = lines_of(table);
    REQUIRE(lines.size() == 4001);
    CHECK(lines[0] == "asn,ip,port,timestamp,Memcached version");
    CHECK(lines[1] == "47215,10.0.0.0,11211,2015-05-03T03:21:11Z,\"1.4.0,\"\"x\"\"\"");
    CHECK(lines[4000] == "47215,10.0.15.159,11211,2015-05-03T03:21:11Z,\"1.4.3999,\"\"x\"\"\"");
  }
  TEST_CASE("exactly notify.max_rows_inline rows: all inline, no attachment") {
    Report r = report("memcached", "Offene Memcached-Server");
    NoticeConfig cfg = config();
    cfg.max_rows_inline = 3;
    Notice n = NoticeRenderer(cfg).render(r, customer(Language::de), r.rows, 0);
    CHECK(n.bytes.find("multipart/mixed") == std::string::npos);
    cfg.max_rows_inline = 2;
    n = NoticeRenderer(cfg).render(r, customer(Language::de), r.rows, 0);
    CHECK(n.bytes.find("multipart/mixed") != std::string::npos);
    CHECK(body_of(n).empty() == false);
  }
}

#pragma once
// Shared fixtures for the notices tests: a report, customers, and a look
// inside a rendered message.

#include <mimetic/mimetic.h>

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <string>
#include <vector>

#include "certbund/notices.hpp"
#include "temp_dir.hpp"

namespace notices_test {

using namespace certbund;

inline const std::filesystem::path templates = std::filesystem::path(CERTBUND_SOURCE_DIR) / "templates";

inline Row row(std::string ip, std::optional<int> port, std::optional<std::string> version) {
  Row r;
  r.asn = 47215;
  r.ip = parse_ip(ip).value();
  r.timestamp = 1430623271;  // 2015-05-03 03:21:11
  r.port = port;
  r.extra = {{"Memcached version", std::move(version)}};
  return r;
}

inline Report report(std::string service, std::string topic) {
  Report r;
  r.ticket = "CB-Report#20171204-10001828";
  r.topic = std::move(topic);
  r.scope = "AS47215";
  r.service = std::move(service);
  r.status = ReportStatus::parsed;
  r.columns = {"asn", "ip", "timestamp", "port", "Memcached version"};
  r.rows = {row("192.0.2.1", 11211, "1.4.17"), row("192.0.2.2", 11211, std::nullopt),
            row("198.51.100.7", 11211, "1.4.2")};
  r.explanation = "Sehr geehrte Damen und Herren,\n\nCERT-Bund erklaert hier das Problem.\n";
  return r;
}

inline Customer customer(Language language) {
  Customer c;
  c.id = "c1001";
  c.name = "Muster Hosting GmbH";
  c.emails = {"abuse@muster.example", "noc@muster.example"};
  c.language = language;
  return c;
}

inline NoticeConfig config(std::filesystem::path dir = templates) {
  return {std::move(dir), "Abuse Desk <abuse@example.net>", "", ""};
}

// The customer's rows: the first two of report().
inline std::vector<Row> own_rows(const Report& r) { return {r.rows[0], r.rows[1]}; }

inline std::string head_of(const std::string& bytes) { return bytes.substr(0, bytes.find("\r\n\r\n") + 2); }

inline std::vector<std::string> header_lines(const std::string& bytes) {
  std::vector<std::string> out;
  std::string head = head_of(bytes);
  for (std::string_view line : split_lines(head)) out.emplace_back(line);
  return out;
}

inline std::string qp_decode(const std::string& encoded) {
  std::string out;
  mimetic::QP::Decoder decoder;
  mimetic::decode(encoded.begin(), encoded.end(), decoder, std::back_inserter(out));
  return out;
}

// The decoded text of an unsigned notice.
inline std::string body_of(const Notice& n) { return qp_decode(n.bytes.substr(n.bytes.find("\r\n\r\n") + 4)); }

inline Notice render(Language language, const Report& r) {
  return NoticeRenderer(config()).render(r, customer(language), own_rows(r), 1700000000);
}

// Characters, not bytes, of a UTF-8 line.
inline size_t display_width_of(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

// A fresh directory under /tmp, removed at the end of the scope.
using certbund::test::TempDir;

}  // namespace notices_test

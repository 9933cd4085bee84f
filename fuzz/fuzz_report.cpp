// The report parser: subject (ticket, topic, scope, service), the body's
// table (quoted CSV, ;- or tab-separated, the legacy "Format:" pipe table,
// IPs in prose) and a CSV attachment, then the believability check.
//
// Input: an optional header block whose "Subject:" line is the subject,
// then the body; a line "--csv--" starts an events.csv attachment.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "certbund/report.hpp"

namespace {

std::string subject_of(std::string_view headers) {
  for (std::size_t at = 0; at < headers.size();) {
    std::size_t end = headers.find('\n', at);
    std::string_view line = headers.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (line.starts_with("Subject: ")) return std::string(line.substr(9));
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string subject;
  if (input.starts_with("Subject: ") || input.starts_with("From: ")) {
    std::size_t end = input.find("\n\n");
    subject = subject_of(input.substr(0, end));
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 2);
  }
  certbund::Message content;
  std::size_t csv = input.find("\n--csv--\n");
  content.parts.push_back({"text/plain", "", std::string(input.substr(0, csv))});
  if (csv != std::string_view::npos) content.parts.push_back({"text/csv", "events.csv", std::string(input.substr(csv + 9))});
  certbund::Report report = certbund::parse_report(subject, content);
  certbund::hold_unbelievable(report, {1705302000, 86400});
  certbund::service_from_topic(subject);
  return 0;
}

#pragma once
// A mail that carries another one attached, as a colleague's mail client
// or a ticket system forwards a report: an unsigned multipart/mixed with a
// text of its own (which holds a table, to show it is never read) and the
// original mail as a message/rfc822 part.

#include <string>
#include <string_view>

namespace certbund::test {

inline std::string forward(const std::string& inner, std::string_view part_headers = "Content-Type: message/rfc822\n") {
  static int forwards = 0;
  const std::string boundary = "fwd" + std::to_string(++forwards);
  return "From: Colleague <colleague@isp.example>\n"
         "To: abuse@isp.example\n"
         "Subject: Fwd: [CB-Report#20240116-10001240] Offene Telnet-Server in AS64496\n"
         "MIME-Version: 1.0\n"
         "Content-Type: multipart/mixed; boundary=\"" +
         boundary +
         "\"\n"
         "\n"
         "--" +
         boundary + "\n" +
         "Content-Type: text/plain; charset=utf-8\n"
         "\n"
         "FYI, see the attached report.\n"
         "\"asn\",\"ip\",\"timestamp\",\"port\"\n"
         "\"64496\",\"203.0.113.99\",\"2024-01-15 03:12:45\",\"23\"\n"
         "--" +
         boundary + "\n" + std::string(part_headers) +
         "Content-Disposition: attachment; filename=\"report.eml\"\n"
         "\n" +
         inner + "\n--" + boundary + "--\n";
}

}  // namespace certbund::test

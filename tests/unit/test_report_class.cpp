#include <doctest/doctest.h>

#include "certbund/report.hpp"
#include "report_support.hpp"

using namespace certbund;
using namespace report_test;

namespace {

// A signed CB-Report body with CERT-Bund's own paragraphs before the table,
// shaped like the real mails (greeting, explanation, list pointer, request,
// PGP note, the attachment notice between separators, the table).
std::string body(std::string_view explanation, std::string_view table) {
  std::string b = "[English version below]\n\nSehr geehrte Damen und Herren,\n\n";
  b += explanation;
  b += "\n\nNachfolgend senden wir Ihnen eine Liste betroffener Systeme in Ihrem\nNetzbereich. "
       "Der Zeitstempel (Zeitzone UTC) gibt an, wann das Problem\nidentifiziert wurde.\n\n"
       "Wir möchten Sie bitten, den Sachverhalt zu prüfen bzw. Ihre Kunden\nentsprechend zu informieren.\n\n"
       "Diese E-Mail ist mittels PGP digital signiert.\n\n"
       "======================================================================\n\n"
       "Betroffene Systeme in Ihrem Netzbereich:\n\n";
  b += table;
  b += "\n\n\nMit freundlichen Grüßen\nTeam CERT-Bund\n";
  return b;
}

ReportClass class_of(std::string_view explanation, std::string_view table,
                     std::string_view subject = "[CB-Report#20240115-10001234] Offene Redis-Server in AS64496") {
  return parse_report(subject, text_only(body(explanation, table))).report_class;
}

const std::string plain_rows =
    "\"asn\",\"ip\",\"timestamp\",\"port\"\n\"64496\",\"192.0.2.1\",\"2024-01-14 03:12:45\",\"6379\"";

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("class: an open service is an exposure") {
    CHECK(class_of("Redis ist eine In-Memory-Datenbank. Ist ein Redis-Server offen aus dem\n"
                   "Internet erreichbar, können Angreifer den Server unter Umständen\nvollständig übernehmen.",
                   plain_rows) == ReportClass::exposure);
  }
  TEST_CASE("class: a cve column makes a vulnerability, even when the text mentions webshells") {
    std::string rows =
        "\"asn\",\"ip\",\"timestamp\",\"port\",\"build_version\",\"status\",\"cve\"\n"
        "\"64498\",\"203.0.113.10\",\"2024-03-11 22:14:03\",\"443\",\"15.1.2507.6\",\"verwundbar\",\"cve-2024-21410\"";
    CHECK(class_of("Prüfen Sie die Systeme zudem auf eine mögliche Kompromittierung:\n- Webshells suchen", rows) ==
          ReportClass::vulnerability);
  }
  TEST_CASE("class: German text naming a vulnerability, no cve column") {
    CHECK(class_of("CERT-Bund liegen Informationen zu FortiGate-Systemen vor, welche noch\nverwundbar sind und "
                   "offen aus dem Internet erreichbar sind.",
                   plain_rows) == ReportClass::vulnerability);
  }
  TEST_CASE("class: malware rows are an infection") {
    std::string rows =
        "\"asn\",\"ip\",\"timestamp\",\"malware\",\"src_port\",\"dst_ip\",\"dst_port\",\"dst_host\",\"proto\"\n"
        "\"64496\",\"192.0.2.7\",\"2024-01-14 03:12:45\",\"avalanche-andromeda\",\"49152\",\"198.51.100.9\",\"80\","
        "\"c2.example\",\"tcp\"";
    CHECK(class_of("CERT-Bund erhält Informationen zu Systemen.", rows) == ReportClass::infection);
  }
  TEST_CASE("class: infected systems named in the text") {
    CHECK(class_of("CERT-Bund erhält von verschiedenen Quellen Informationen zu Systemen,\nwelche mit "
                   "Schadprogrammen infiziert sind.",
                   plain_rows) == ReportClass::infection);
  }
  TEST_CASE("class: webshell_path, malicious_code_path and mailbox columns are a compromise") {
    CHECK(class_of("Text.",
                   "\"asn\",\"ip\",\"timestamp\",\"webshell_path\"\n"
                   "\"64496\",\"192.0.2.8\",\"2021-03-14 03:12:45\",\"/owa/auth/x.aspx\"") == ReportClass::compromise);
    CHECK(class_of("Text.",
                   "\"asn\",\"ip\",\"timestamp\",\"malicious_code_path\"\n"
                   "\"64496\",\"192.0.2.8\",\"2024-03-14 03:12:45\",\"/x\"") == ReportClass::compromise);
    CHECK(class_of("Text.",
                   "\"asn\",\"ip\",\"timestamp\",\"mx\",\"email\"\n"
                   "\"64496\",\"192.0.2.8\",\"2024-03-14 03:12:45\",\"mx.example\",\"a@example.org\"") ==
          ReportClass::compromise);
  }
  TEST_CASE("class: brute force, phishing and defacement from the text") {
    CHECK(class_of("Von den unten genannten Systemen gingen SSH-Brute-Force-Angriffe aus.", plain_rows) ==
          ReportClass::abuse_activity);
    CHECK(class_of("Auf den unten genannten Webservern liegen Phishing-Seiten.", plain_rows) ==
          ReportClass::phishing_defacement);
    CHECK(class_of("The websites listed below were defaced.", plain_rows) == ReportClass::phishing_defacement);
  }
  TEST_CASE("class: DDoS reflection through open resolvers stays an exposure") {
    CHECK(class_of("CERT-Bund wurde über einen DDoS-Angriff informiert, bei dem offene\nDNS-Resolver als "
                   "Reflektoren missbraucht wurden.",
                   plain_rows) == ReportClass::exposure);
  }
  TEST_CASE("class: the unsigned Subject decides nothing") {
    CHECK(class_of("Nachfolgend eine Liste.", plain_rows,
                   "[CB-Report#20240115-10001234] Schadprogramm-Infektionen in AS64496") == ReportClass::exposure);
    CHECK(class_of("Systeme, welche mit Schadprogrammen infiziert sind.", plain_rows,
                   "[CB-Report#20240115-10001234] Offene Redis-Server in AS64496") == ReportClass::infection);
  }
  TEST_CASE("class: a signed ticket line's topic counts") {
    std::string text = "[CERT-Bund#2015020428001061] Schadprogramm-Infektionen\n\n" + body("Text.", plain_rows);
    CHECK(parse_report("no tag here", text_only(text)).report_class == ReportClass::infection);
  }
  TEST_CASE("class: nothing to go by is an exposure") { CHECK(class_of("Text.", plain_rows) == ReportClass::exposure); }
  TEST_CASE("class names") {
    CHECK(to_string(ReportClass::abuse_activity) == "abuse_activity");
    CHECK(to_string(ReportClass::phishing_defacement) == "phishing_defacement");
  }
}

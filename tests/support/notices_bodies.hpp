#pragma once
// Signed report texts shaped like CERT-Bund's real mails (bilingual
// CB-Reports, German-only "Sicherheitsinformation" campaigns) for the
// notice tests, and the reports parsed from them. Documentation addresses.

#include <string>

#include "certbund/report.hpp"

namespace notices_test {

// mailgen's frame around `german` and `english` (empty: German only) and `table`.
inline std::string cb_report_body(const std::string& german, const std::string& english, const std::string& table) {
  std::string b = english.empty() ? "***** Wichtige Sicherheitsinformation *****\n\n" : "[English version below]\n\n";
  b += "Sehr geehrte Damen und Herren,\n\n" + german +
       "\n\nNachfolgend senden wir Ihnen eine Liste betroffener Systeme in Ihrem\n"
       "Netzbereich. Der Zeitstempel (Zeitzone UTC) gibt an, wann das Problem\nidentifiziert wurde.\n\n"
       "Wir möchten Sie bitten, den Sachverhalt zu prüfen und Maßnahmen zu\nergreifen bzw. Ihre Kunden "
       "entsprechend zu informieren.\n\n"
       "Weitere Informationen zu CERT-Bund-Reports finden Sie unter\n<https://reports.cert-bund.de/>.\n\n"
       "Diese E-Mail ist mittels PGP digital signiert.\n\n"
       "Bitte beachten Sie:\nDies ist eine automatisch generierte Nachricht. Antworten an die\n"
       "Absenderadresse <reports@reports.cert-bund.de> werden nicht gelesen.\n"
       "Bei Rückfragen wenden Sie sich bitte unter Beibehaltung der\nTicketnummer [CB-Report#20240115-10001234] "
       "in der Betreffzeile an <certbund@bsi.bund.de>.\n\n";
  if (!english.empty()) {
    b += "======================================================================\n\nDear Sir or Madam,\n\n" + english +
         "\n\nPlease find below a list of affected systems hosted on your network.\n"
         "The timestamp (timezone UTC) indicates when the issue was identified.\n\n"
         "We would like to ask you to check this issue and take appropriate\nsteps or notify your customers "
         "accordingly.\n\nThis message is digitally signed using PGP.\n\n"
         "Please note:\nThis is an automatically generated message. Replies to the sender\n"
         "address <reports@reports.cert-bund.de> will not be read. In case of\nquestions, please contact "
         "<certbund@bsi.bund.de>, keeping the ticket\nnumber [CB-Report#20240115-10001234] in the subject line.\n\n";
  }
  b += "======================================================================\n"
       "Wenn Sie diese Daten künftig als Datei im Anhang statt im Text der\nE-Mail erhalten möchten, wenden "
       "Sie sich bitte an <certbund@bsi.bund.de>.\n";
  if (!english.empty()) {
    b += "\nIf you would like to receive this data as a file attachment instead of\ninline in the future, "
         "please contact <certbund@bsi.bund.de>.\n";
  }
  b += "======================================================================\n\n"
       "Betroffene Systeme in Ihrem Netzbereich:\n";
  if (!english.empty()) b += "Affected hosts on your networks:\n";
  b += "\n" + table +
       "\n\n\nMit freundlichen Grüßen / Kind regards\nTeam CERT-Bund\n\n"
       "Bundesamt für Sicherheit in der Informationstechnik\nFederal Office for Information Security (BSI)\n"
       "Referat OC25 - CERT-Bund\nGodesberger Allee 87, 53175 Bonn, Germany\n";
  return b;
}

inline certbund::Report parsed(const std::string& subject, const std::string& body) {
  certbund::Message m;
  m.parts.push_back(certbund::Part{"text/plain", "", body});
  return certbund::parse_report(subject, m);
}

inline certbund::Report redis_report() {
  return parsed("[CB-Report#20240115-10001234] Offene Redis-Server in AS64496",
                cb_report_body("Redis ist eine In-Memory-Datenbank. Standardmäßig verlangt Redis keine\n"
                               "Authentifizierung. Ist ein Redis-Server offen aus dem Internet erreichbar,\n"
                               "können Angreifer die gespeicherten Daten auslesen, verändern oder löschen.",
                               "Redis is an in-memory data store. By default, Redis does not require\n"
                               "authentication. If a Redis server is openly accessible from the Internet,\n"
                               "attackers can read, modify or delete the stored data.",
                               "\"asn\",\"ip\",\"timestamp\",\"port\",\"version\"\n"
                               "\"64496\",\"192.0.2.130\",\"2024-01-14 03:12:45\",\"6379\",\"7.0.11\"\n"
                               "\"64496\",\"198.51.100.7\",\"2024-01-14 04:01:02\",\"6379\",\"6.2.6\""));
}

inline certbund::Report exchange_report() {
  return parsed("[CB-Report#20240312-10005678][KRITISCH] Verwundbare Microsoft-Exchange-Server in AS64498",
                cb_report_body("Microsoft hat im Februar 2024 Sicherheitsupdates für Exchange Server\n"
                               "veröffentlicht, welche unter anderem die kritische Schwachstelle\n"
                               "CVE-2024-21410 schließen. Ein Angreifer kann diese Schwachstelle aus\n"
                               "der Ferne ausnutzen, um sich als ein anderer Benutzer zu authentisieren.",
                               "",
                               "\"asn\",\"ip\",\"timestamp\",\"port\",\"build_version\",\"status\",\"cve\"\n"
                               "\"64498\",\"203.0.113.10\",\"2024-03-11 22:14:03\",\"443\",\"15.1.2507.6\","
                               "\"verwundbar\",\"cve-2023-21529;cve-2023-36439;cve-2024-21410\"\n"
                               "\"64498\",\"203.0.113.77\",\"2024-03-11 22:19:48\",\"443\",\"15.2.1118.7\","
                               "\"verwundbar\",\"cve-2024-21410\""));
}

inline certbund::Report malware_report() {
  return parsed("[CB-Report#20240402-10003456] Schadprogramm-Infektionen in AS64496",
                cb_report_body("CERT-Bund erhält von verschiedenen Quellen Informationen zu Systemen,\n"
                               "welche mit Schadprogrammen infiziert sind. Die infizierten Systeme\n"
                               "nehmen Verbindung zu Kontrollservern auf, die von Sicherheitsforschern\n"
                               "übernommen wurden (Sinkholes).",
                               "CERT-Bund receives information from various sources on systems\n"
                               "infected with malware. The infected systems connect to control\n"
                               "servers that security researchers have taken over (sinkholes).",
                               "\"asn\",\"ip\",\"timestamp\",\"malware\",\"src_port\",\"dst_ip\",\"dst_port\","
                               "\"dst_host\",\"proto\"\n"
                               "\"64496\",\"192.0.2.77\",\"2024-04-01 11:02:03\",\"andromeda\",\"49733\","
                               "\"198.51.100.200\",\"80\",\"sinkhole.example\",\"tcp\"\n"
                               "\"64496\",\"192.0.2.78\",\"2024-04-01 12:10:00\",\"emotet\",\"50112\","
                               "\"203.0.113.200\",\"8080\",\"\",\"tcp\""));
}

inline certbund::Report webshell_report() {
  return parsed("[CB-Report#20210315-10004711][KRITISCH] Kompromittierte Microsoft-Exchange-Server in AS64496",
                cb_report_body("Angreifer haben über die Schwachstellen ProxyLogon Webshells auf\n"
                               "Exchange-Servern abgelegt. Die unten genannten Systeme sind\n"
                               "kompromittiert: Auf ihnen wurde eine Webshell gefunden.",
                               "",
                               "\"asn\",\"ip\",\"timestamp\",\"webshell_path\"\n"
                               "\"64496\",\"192.0.2.90\",\"2021-03-14 08:00:00\","
                               "\"/owa/auth/errorEE.aspx\""));
}

inline certbund::Report bruteforce_report() {
  return parsed("[CB-Report#20240501-10007001] SSH-Brute-Force-Angriffe in AS64496",
                cb_report_body("Von den unten genannten Systemen gingen Brute-Force-Angriffe auf\n"
                               "SSH-Server aus: Sie versuchten, sich mit geratenen Passwörtern\nanzumelden.",
                               "The systems listed below sent brute force attacks against SSH\n"
                               "servers: they tried to log in with guessed passwords.",
                               "\"asn\",\"ip\",\"timestamp\",\"port\"\n"
                               "\"64496\",\"192.0.2.33\",\"2024-04-30 23:59:01\",\"22\""));
}

inline certbund::Report phishing_report() {
  return parsed("[CERT-Bund#2023081128000123] Phishing-Webseiten in AS64496",
                cb_report_body("Auf den unten genannten Webservern werden Phishing-Seiten\n"
                               "ausgeliefert, die Zugangsdaten einer Bank abfragen.",
                               "The web servers listed below serve phishing pages that ask for the\n"
                               "credentials of a bank.",
                               "\"asn\",\"ip\",\"timestamp\",\"url\"\n"
                               "\"64496\",\"192.0.2.44\",\"2023-08-10 10:00:00\","
                               "\"http://shop.example/wp-content/uploads/bank/login.php\""));
}

}  // namespace notices_test

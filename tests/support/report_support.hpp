#pragma once
// Shared by the report tests: messages built by hand, and the seed mail.

#include <string>
#include <string_view>

#include "certbund/message.hpp"
#include "certbund/report.hpp"

namespace report_test {

inline certbund::Message text_only(std::string body) {
  certbund::Message message;
  message.parts.push_back(certbund::Part{"text/plain", "", std::move(body)});
  return message;
}

// A CB-Report body around `data`, as mailgen writes it; `names` (a topic
// such as "Offene Redis-Server") is the signed text's own naming of the
// problem, which real reports always have.
inline std::string cb_body(std::string_view data, bool english_marker = true, std::string_view names = "") {
  std::string body = "[English version below]\n\nSehr geehrte Damen und Herren,\n\n";
  if (!names.empty()) body += "CERT-Bund informiert Sie ueber " + std::string(names) + ".\n";
  body +=
      "Nachfolgend senden wir Ihnen eine Liste betroffener Systeme.\n\n"
      "======================================================================\n\n"
      "Betroffene Systeme in Ihrem Netzbereich:\n";
  if (english_marker) body += "Affected hosts on your networks:\n";
  body += "\n";
  body += data;
  body += "\n\n\nMit freundlichen Grüßen / Kind regards\nTeam CERT-Bund\n";
  return body;
}

inline certbund::Report parse_cb(std::string_view data, std::string_view topic = "Offene Redis-Server in AS64496") {
  std::string subject = "[CB-Report#20171204-10001828] " + std::string(topic);
  std::string names(topic.substr(0, topic.find(" in ")));
  return certbund::parse_report(subject, text_only(cb_body(data, true, names)));
}

inline std::string with_ip(std::string_view text, std::string_view ip) {
  std::string out(text);
  out.replace(out.find("xxx.xxx.xxx.xxx"), 15, ip);
  return out;
}

// The signed text of the 2015 mail in the seed article, dash escapes and
// trailing blanks as published; the sender anonymised the IP address.
constexpr std::string_view seed_mail = R"(
[CERT-Bund#2015020428001061]

[English version below]

Sehr geehrte Damen und Herren,

Memcached[1] ist ein Open-Source Cache-Server zum einfachen Hinterlegen
und Abholen von Daten aus dem Arbeitsspeicher. Memcached wird häufig
in Verbindung mit Web-Applikationen eingesetzt. Der Memcached-Server
unterstützt keine Authentifizierung. Angreifer können dadurch beliebig
die darin gespeicherten Daten auslesen oder modifizieren, falls der
Server aus dem Internet erreichbar ist. Dies ermöglicht Angreifern u.a.
das Ausspähen von Informationen auf den betroffenen Systemen wie bspw.
Zugangsdaten zu Webapplikationen oder andere vertrauliche Inhalte.

Im Rahmen des Shadowserver 'Open Memcached Key-Value Store Scanning
Projects' werden Memcached-Server identifiziert, welche offen aus dem
Internet erreichbar sind. CERT-Bund erhält von Shadowserver die
Testergebnisse für IP-Adressen in Deutschland, um betroffene
Server-Betreiber benachrichtigen zu können.

Weitere Informationen zu den von Shadowserver durchgeführten Tests
finden Sie unter [2].

Nachfolgend senden wir Ihnen eine Liste betroffener Systeme in Ihrem
Netzbereich. Der Zeitstempel (Zeitzone UTC) gibt an, wann das System
geprüft und ein offener Memcached-Server identifiziert wurde.

Wir möchten Sie bitten, den Sachverhalt zu prüfen und Maßnahmen zur
Absicherung der Memcached-Server auf den betroffenen Systemen zu ergreifen
bzw. Ihre Kunden entsprechend zu informieren.

Falls Sie kürzlich bereits Gegenmaßnahmen getroffen haben und diese          
Benachrichtigung erneut erhalten, beachten Sie bitten den angegebenen          
Zeitstempel. Wurde die Gegenmaßnahme erfolgreich umgesetzt, sollten
Sie keine Benachrichtigung mit einem Zeitstempel nach der Umsetzung
mehr erhalten.

Referenzen:

[1] Memcached
    <http://memcached.org/>
[2] Shadowserver: Open Memcached Key-Value Store Scanning Project
    <https://memcachedscan.shadowserver.org/>

Diese E-Mail ist mittels PGP digital signiert. Informationen zu dem
verwendeten Schlüssel finden Sie auf unserer Webseite unter:
<https://www.cert-bund.de/reports-sig>

Bitte beachten Sie:
Dies ist eine automatisch generierte Nachricht.
An die Absenderadresse kann nicht geantwortet werden.
Bei Rückfragen wenden Sie sich bitte an <certbund@bsi.bund.de>.

- -----------------------------------------------------------------------

Dear Sir or Madam,

Memcached[1] is an open-source distributed memory object caching system
which is generic in nature but often used for speeding up dynamic web
applications. Memcached does not support any forms of authorization.
Thus, anyone who can connect to the memcached server has unrestricted
access to the data stored in it. This allows attackers e.g. to steal
sensitive data like login credentials for web applications or any other
kind of content stored with memcached.

The Shadowserver 'Open Memcached Key-Value Store Scanning Project'
identifies memcached servers which are openly accessible from the
Internet. Shadowserver provides CERT-Bund with the test results
for IP addresses in Germany for notification of the owners of the
affected systems.

Futher information on the tests run by Shadowserver is available
at [2].

Please find below a list of affected systems hosted on your network.
The timestamp (timezone UTC) indicates when the system was found
to be running an openly accessible memcached server.

We would like to ask you to check this issue and take appropriate
steps to secure the memcached servers on the affected systems or
notify your customers accordingly.

If you have recently solved the issue but received this notification
again, please note the timestamp included below. You should not
receive any further notifications with timestamps after the issue
has been solved.

References:

[1] Memcached
    <http://memcached.org/>
[2] Shadowserver: Open Memcached Key-Value Store Scanning Project
    <https://memcachedscan.shadowserver.org/>

This message is digitally signed using PGP.
Details on the signature key used are available on our website at:
<https://www.cert-bund.de/reports-sig>

Please note:
This is an automatically generated message.
Replying to the sender address is not possible.
In case of questions, please contact <certbund@bsi.bund.de>.

- -----------------------------------------------------------------------

Betroffene Systeme in Ihrem Netzbereich:
Affected systems on your network:

Format: ASN | IP address | Timestamp (UTC) | Port | Memcached version

 47215 | xxx.xxx.xxx.xxx   | 2015-05-03 03:21:11 | 11211 | 1.4.17


Mit freundlichen Grüßen / Kind regards
Team CERT-Bund

Bundesamt für Sicherheit in der Informationstechnik (BSI)
Federal Office for Information Security
Referat C21 - CERT-Bund
Godesberger Allee 185-189, D-53175 Bonn, Germany
)";

}  // namespace report_test

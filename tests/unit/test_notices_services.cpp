// What the customer reads, per service and per class, in de, en and de+en:
// the right directive and checks, nothing addressed to the provider,
// no exposure advice where the class is another, no unsigned text.

#include <doctest/doctest.h>

#include <algorithm>

#include "notices_bodies.hpp"
#include "notices_support.hpp"

using namespace notices_test;

namespace {

const Language languages[] = {Language::de, Language::en, Language::de_en};

// The Subject's topic is not signed; it must not reach the customer.
constexpr std::string_view unsigned_topic = "UNSIGNED-TOPIC";

struct Rendered {
  std::string subject, de, en;  // de and en: that language's text (from a de+en mail, the two halves)
};

// One notice per language mode; the de and en texts come from the
// single-language notices, both halves from the de+en one too.
std::vector<std::pair<Language, Notice>> all_modes(const Report& r) {
  std::vector<std::pair<Language, Notice>> out;
  for (Language l : languages) out.emplace_back(l, NoticeRenderer(config()).render(r, customer(l), r.rows, 0));
  return out;
}

// Prose is wrapped at 72 columns: a phrase may span a line end.
std::string flat(std::string text) {
  std::ranges::replace(text, '\n', ' ');
  return text;
}

void contains(const std::string& text, std::string_view what) {
  CAPTURE(what);
  CHECK((text.find(what) != std::string::npos || flat(text).find(what) != std::string::npos));
}

void lacks(const std::string& text, std::string_view what) {
  CAPTURE(what);
  CHECK(text.find(what) == std::string::npos);
  CHECK(flat(text).find(what) == std::string::npos);
}

// True for what every notice must get right, whatever its service or class.
void check_every_notice(const Notice& n, const std::string& body) {
  lacks(n.subject, unsigned_topic);
  lacks(body, unsigned_topic);
  lacks(body, "netstat");
  CHECK(body.find("\n\n\n") == std::string::npos);
  for (std::string_view line : split_lines(body)) {
    if (!line.starts_with(' ') && line != std::string(72, '=')) {
      CAPTURE(line);
      CHECK(display_width_of(line) <= 80);
    }
  }
}

struct ServiceCase {
  std::string service;
  std::vector<std::string> both;    // in the German and the English text
  std::vector<std::string> de, en;  // in one language only
  std::vector<std::string> never;   // wrong advice that must not come back
  bool firewall = true;             // carries the shared firewall block
};

const ServiceCase service_cases[] = {
    {"memcached",
     {"    -l 127.0.0.1\n    -U 0", "OPTIONS=\"-l 127.0.0.1,::1 -U 0\"", "--script memcached-info"},
     {"Ändern Sie die vorhandene Zeile mit -l", "leert den Cache"},
     {"Change the existing line with -l", "empties the cache"},
     {"tragen Sie dazu ein", "put these lines into"}},
    {"mongodb",
     {"bindIp: 127.0.0.1", "bindIpAll", "--bind_ip_all", "authorization: enabled", "security.keyFile",
      "--script mongodb-info", "Art. 33"},
     {"personenbezogene Daten", "rolling restart"},
     {"personal data", "rolling restart"},
     {"persönliche Daten"}},
    {"redis",
     {"bind 127.0.0.1 -::1", "protected-mode yes", "redis-cli -h", "/etc/redis.conf", "systemctl restart redis "},
     {"weist Redis jeden Client ohne"},
     {"refuses every client without"},
     {"    bind 127.0.0.1 ::1\n"}},
    {"ssdp",
     {"-i eth0 -p udp --dport 1900 -j DROP", "ip6tables -I INPUT", "--script upnp-info", "listening_ip"},
     {"nur auf der WAN-Schnittstelle"},
     {"on the WAN interface only"},
     {"iptables -A"}},
    {"snmp",
     {"--script snmp-info", "systemctl restart snmpd", "rocommunity", "snmpget -v2c"},
     {"sechsmal"},
     {"six times"},
     {"viel größere Antwort", "much larger reply"}},
    {"ntp-monlist",
     {"restrict source notrap nomodify noquery", "ntpsec", "--script ntp-monlist", "ct state new drop",
      "systemctl restart ntpd"},
     {"Pool-Server"},
     {"pool servers"},
     {"systemctl restart ntp\n"},
     false},
    {"dns-resolver",
     {"allow-recursion { trusted; };", "named-checkconf", "access-control: 0.0.0.0/0 allow", "local-service",
      "Set-DnsServerRecursion -Enable $false", "dig @"},
     {"zweiten anzulegen"},
     {"opening a second one"},
     {"    options {", "options { recursion no; };"}},
    {"mssql-browser", {"sc config SQLBrowser start= disabled", "--script ms-sql-info"}, {}, {}, {}},
    {"scada", {"iptables -t nat -L -n -v", "nft list ruleset", "nmap"}, {"Errichter"}, {"installer"}, {}, false},
    {"portmapper", {"systemctl mask rpcbind.service rpcbind.socket", "rpcinfo -p"}, {}, {}, {}},
    {"elasticsearch",
     {"network.host: 127.0.0.1", "discovery.seed_hosts", "xpack.security.transport.ssl", "curl -s http://"},
     {},
     {},
     {}},
    {"cldap",
     {"Active Directory Domain Controller - LDAP (UDP-In)", "-sU -sV -p 389",
      "$_.Protocol -eq 'UDP' -and $_.LocalPort -eq 389 } | Get-NetFirewallRule"},
     {"auf einem deutschen"},
     {"in another language"},
     {"New-NetFirewallRule"},
     false},
    {"ldap-tcp",
     {"--script ldap-rootdse", "SLAPD_SERVICES", "Active Directory Domain Controller - LDAP (TCP-In)",
      "$_.Protocol -eq 'TCP' -and $_.LocalPort -eq 389 } | Get-NetFirewallRule"},
     {"auf einem deutschen"},
     {"in another language"},
     {"New-NetFirewallRule"},
     false},
    {"mdns", {"avahi-daemon.service avahi-daemon.socket", "--script dns-service-discovery"}, {}, {}, {}},
    {"netbios",
     {"disable netbios = yes", "SetTcpipNetbios", "TcpipNetbiosOptions=2", "--script nbstat"},
     {"NetBIOS über TCP/IP"},
     {"NetBIOS over TCP/IP"},
     {}},
    {"ipmi",
     {"--script ipmi-version", "ipmitool lan set 1 access off", "cipher_privs"},
     {"einzige Weg"},
     {"only way"},
     {"-U ADMIN", "chassis status"},
     false},
    {"chargen",
     {"sc config simptcp start= disabled", "Simple-TCPIP", "FeatureName SimpleTCP", "disable = yes"},
     {},
     {},
     {}},
    {"pop3",
     {"nc ", "    CAPA", "auth_allow_cleartext = no", "ssl_cert = <", "ssl_server_cert_file",
      "Set-PopSettings -LoginType SecureLogin"},
     {"Ohne Zertifikat startet Dovecot"},
     {"without one, Dovecot does not start"},
     {"openssl s_client -starttls pop3 -connect", "AUTH PLAIN"}},
    {"imap",
     {"a CAPABILITY", "LOGINDISABLED", "auth_allow_cleartext = no", "Set-ImapSettings -LoginType SecureLogin"},
     {},
     {},
     {}},
};

// A report of `service` whose Subject topic is marked as unsigned, with a
// real-shaped explanation that addresses the provider.
Report service_report(const std::string& service) {
  Report r = report(service, std::string(unsigned_topic) + " Offene Dienste");
  for (Row& row : r.rows) row.port.reset();  // the service's usual ports
  r.explanation = cb_report_body("Der Dienst ist offen aus dem Internet erreichbar.",
                                 "The service is openly accessible from the Internet.", "");
  return r;
}

// The German and the English half of a de+en body.
std::pair<std::string, std::string> halves(const std::string& body) {
  std::size_t at = body.find(std::string(72, '='));
  REQUIRE(at != std::string::npos);
  return {body.substr(0, at), body.substr(at)};
}

// CERT-Bund's words to the provider, from cb_report_body.
void lacks_provider_text(const std::string& text) {
  for (std::string_view w : {"Ihre Kunden", "your customers", "certbund@bsi.bund.de", "reports@reports",
                             "digital signiert", "digitally signed", "im Anhang", "file attachment", "Nachfolgend",
                             "Please find below", "Godesberger", "Team CERT-Bund", "English version below]\n\nDear"}) {
    lacks(text, w);
  }
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("each service: its directives and an outside check, in de, en and de+en") {
    for (const ServiceCase& c : service_cases) {
      CAPTURE(c.service);
      Report r = service_report(c.service);
      for (auto& [language, n] : all_modes(r)) {
        CAPTURE(static_cast<int>(language));
        std::string body = body_of(n);
        check_every_notice(n, body);
        lacks_provider_text(body);
        std::string de, en;
        if (language == Language::de) de = body;
        if (language == Language::en) en = body;
        if (language == Language::de_en) std::tie(de, en) = halves(body);
        for (const std::string* text : {&de, &en}) {
          if (text->empty()) continue;
          for (const std::string& what : c.both) contains(*text, what);
          for (const std::string& what : c.never) lacks(*text, what);
          contains(*text, c.firewall ? "ip6tables -I INPUT -i eth0" : "");
          if (c.firewall) {
            contains(*text, "nft insert rule inet filter input iifname \"eth0\"");
            contains(*text, "ufw prepend deny in on eth0");
            contains(*text, "firewall-cmd --permanent --remove-port=");
            contains(*text, "New-NetFirewallRule");
            contains(*text, "DOCKER-USER");
          }
        }
        for (const std::string& what : c.de) {
          if (!de.empty()) contains(de, what);
        }
        for (const std::string& what : c.en) {
          if (!en.empty()) contains(en, what);
        }
        if (!de.empty() && c.firewall) contains(de, "möglicherweise aus dem Internet erreichbar");
        if (!en.empty() && c.firewall) contains(en, "possibly reachable from the Internet");
        if (!de.empty()) contains(de, "So beheben Sie es");
        if (!en.empty()) contains(en, "How to fix it");
      }
    }
  }
  TEST_CASE("one address: the outside check names it; IPv6 gets brackets in a URL and -6 for nmap") {
    Report r = service_report("elasticsearch");
    r.rows = {row("2001:db8::9", 9200, "7.17.0")};
    std::string body = body_of(NoticeRenderer(config()).render(r, customer(Language::en), r.rows, 0));
    contains(body, "curl -s http://[2001:db8::9]:9200/");
    r.service = "redis";
    r.rows = {row("192.0.2.9", 6380, "7.2.4")};
    body = body_of(NoticeRenderer(config()).render(r, customer(Language::en), r.rows, 0));
    contains(body, "redis-cli -h 192.0.2.9 -p 6380 ping");
    contains(body, "iptables  -I INPUT -i eth0 -p tcp --dport 6380 -j DROP");  // the port the rows name
  }

  TEST_CASE("each class: its frame, the facts from the signed rows, no exposure advice where it does not belong") {
    struct ClassCase {
      Report report;
      ReportClass cls;
      std::vector<std::string> facts;
      std::string subject_topic;  // the unsigned Subject's words, never shown
    };
    const ClassCase cases[] = {
        {redis_report(), ReportClass::exposure, {"bind 127.0.0.1 -::1"}, "Offene Redis-Server in AS64496"},
        {exchange_report(),
         ReportClass::vulnerability,
         {"CVE-2023-21529", "CVE-2023-36439", "CVE-2024-21410", "HealthChecker.ps1"},
         "Verwundbare Microsoft-Exchange-Server"},
        {malware_report(),
         ReportClass::infection,
         {"andromeda", "emotet", "198.51.100.200:80 (sinkhole.example, tcp)", "203.0.113.200:8080 (tcp)",
          "Start-MpWDOScan"},
         "Schadprogramm-Infektionen in AS"},
        {webshell_report(),
         ReportClass::compromise,
         {"/owa/auth/errorEE.aspx", "Art. 33"},
         "Kompromittierte Microsoft-Exchange-Server"},
        {bruteforce_report(),
         ReportClass::abuse_activity,
         {"ss -tnp state established '( dport = :22 )'", "Get-NetTCPConnection -RemotePort 3389"},
         "SSH-Brute-Force-Angriffe in AS"},
        {phishing_report(),
         ReportClass::phishing_defacement,
         {"http://shop.example/wp-content/uploads/bank/login.php", "find /var/www -type f -mtime -30"},
         "Phishing-Webseiten"},
    };
    for (const ClassCase& c : cases) {
      CAPTURE(to_string(c.cls));
      REQUIRE(c.report.report_class == c.cls);
      for (auto& [language, n] : all_modes(c.report)) {
        CAPTURE(static_cast<int>(language));
        std::string body = body_of(n);
        check_every_notice(n, body);
        lacks_provider_text(body);
        lacks(n.subject, c.subject_topic);
        lacks(body, c.subject_topic);
        for (const std::string& fact : c.facts) contains(body, fact);
        if (c.cls != ReportClass::exposure) {
          for (std::string_view exposure_advice :
               {"127.0.0.1", "bind ", "ss -tulpen", "ufw prepend", "möglicherweise aus dem Internet erreichbar",
                "possibly reachable from the Internet"}) {
            lacks(body, exposure_advice);
          }
        }
      }
    }
  }
  TEST_CASE("the generic notice quotes CERT-Bund's problem text per language and says when English is missing") {
    Report r = exchange_report();  // German only
    std::string de_en = body_of(NoticeRenderer(config()).render(r, customer(Language::de_en), r.rows, 0));
    auto [de, en] = halves(de_en);
    contains(de, "  Microsoft hat im Februar 2024 Sicherheitsupdates");
    contains(en, "CERT-Bund's report has no English explanation");
    lacks(en, "Microsoft hat im Februar");
    std::string en_only = body_of(NoticeRenderer(config()).render(r, customer(Language::en), r.rows, 0));
    contains(en_only, "CERT-Bund wrote this report in German only");
    contains(en_only, "  Microsoft hat im Februar 2024 Sicherheitsupdates");
    lacks(en_only, "verwundbar");  // the status column in English
    contains(en_only, "vulnerable");

    Report m = malware_report();  // bilingual
    std::string both = body_of(NoticeRenderer(config()).render(m, customer(Language::de_en), m.rows, 0));
    auto [mde, men] = halves(both);
    contains(mde, "  CERT-Bund erhält von verschiedenen Quellen");
    lacks(mde, "CERT-Bund receives information");
    contains(men, "  CERT-Bund receives information from various sources");
    lacks(men, "CERT-Bund erhält");
  }
}

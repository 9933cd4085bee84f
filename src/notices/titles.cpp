// The desk's own title for a problem, in German and English. The report's
// topic is not used: it comes from the Subject, which is not signed.

#include <span>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

struct Title {
  std::string_view key, de, en;
};

// Open services, by service key.
constexpr Title service_titles[] = {
    {"memcached", "Offene Memcached-Server", "Open Memcached servers"},
    {"mongodb", "Offene MongoDB-Server", "Open MongoDB servers"},
    {"redis", "Offene Redis-Server", "Open Redis servers"},
    {"ssdp", "Offene SSDP-Dienste", "Open SSDP services"},
    {"snmp", "Offene SNMP-Dienste", "Open SNMP services"},
    {"ntp-monlist", "NTP-Server mit aktiver monlist-Funktion", "NTP servers with monlist enabled"},
    {"dns-resolver", "Offene DNS-Resolver", "Open DNS resolvers"},
    {"mssql-browser", "Offene MS-SQL-Browserdienste", "Open MS-SQL Browser services"},
    {"scada", "Aus dem Internet erreichbare Steuerungssysteme (SCADA/ICS)",
     "Industrial control systems (SCADA/ICS) reachable from the Internet"},
    {"portmapper", "Offene Portmapper-Dienste", "Open portmapper services"},
    {"cldap", "Offene CLDAP-Server", "Open CLDAP servers"},
    {"ldap-tcp", "Offene LDAP-Server (TCP)", "Open LDAP servers (TCP)"},
    {"elasticsearch", "Offene Elasticsearch-Server", "Open Elasticsearch servers"},
    {"mdns", "Offene mDNS-Dienste", "Open mDNS services"},
    {"netbios", "Offene NetBIOS-Dienste", "Open NetBIOS services"},
    {"ipmi", "Offene IPMI-Schnittstellen", "Open IPMI interfaces"},
    {"chargen", "Offene chargen-Dienste", "Open chargen services"},
    {"pop3", "POP3-Server mit unverschlüsselter Anmeldung", "POP3 servers with unencrypted login"},
    {"imap", "IMAP-Server mit unverschlüsselter Anmeldung", "IMAP servers with unencrypted login"},
    {"telnet", "Offene Telnet-Dienste", "Open Telnet services"},
    {"ssh", "Offene SSH-Dienste", "Open SSH services"},
    {"rdp", "Offen erreichbare RDP-Dienste", "Accessible RDP services"},
    {"smb", "Offen erreichbare SMB-Dienste", "Accessible SMB services"},
    {"vnc", "Offen erreichbare VNC-Server", "Accessible VNC servers"},
    {"tftp", "Offene TFTP-Server", "Open TFTP servers"},
    {"qotd", "Offene QOTD-Dienste", "Open QOTD services"},
    {"cwmp", "Offen erreichbare Fernwartung (TR-069/CWMP)", "Accessible remote management (TR-069/CWMP)"},
    {"smart-install", "Cisco-Geräte mit offen erreichbarer Smart-Install-Funktion",
     "Cisco devices with Smart Install reachable from the Internet"},
};

// Products named by the service key, for the other classes' titles.
constexpr Title products[] = {
    {"exchange", "Microsoft Exchange", "Microsoft Exchange"},
    {"fortinet", "Fortinet FortiOS/FortiGate", "Fortinet FortiOS/FortiGate"},
    {"sharepoint", "Microsoft SharePoint", "Microsoft SharePoint"},
    {"pulse-secure", "Pulse Connect Secure", "Pulse Connect Secure"},
    {"abus-secvest", "ABUS Secvest", "ABUS Secvest"},
    {"smart-install", "Cisco Smart Install", "Cisco Smart Install"},
    {"compromised-cisco", "Cisco", "Cisco"},
    {"ssl-freak", "SSL/TLS (FREAK)", "SSL/TLS (FREAK)"},
    {"ssl-poodle", "SSL/TLS (POODLE)", "SSL/TLS (POODLE)"},
};

const Title* find(std::span<const Title> table, std::string_view key) {
  for (const Title& t : table) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

std::string_view in(const Title& t, bool german) { return german ? t.de : t.en; }

std::string class_title(ReportClass c, const Facts& facts, bool german) {
  switch (c) {
    case ReportClass::exposure:
      return german ? "Aus dem Internet erreichbare Dienste" : "Services reachable from the Internet";
    case ReportClass::vulnerability: return german ? "Verwundbare Systeme" : "Vulnerable systems";
    case ReportClass::infection: return german ? "Schadprogramm-Infektionen" : "Malware infections";
    case ReportClass::compromise:
      if (facts.accounts) return german ? "Kompromittierte E-Mail-Konten" : "Compromised e-mail accounts";
      return german ? "Kompromittierte Systeme" : "Compromised systems";
    case ReportClass::abuse_activity:
      return german ? "Angriffe, die von Ihren Systemen ausgehen" : "Attacks sent from your systems";
    case ReportClass::phishing_defacement:
      return german ? "Phishing oder Defacement auf Webseiten" : "Phishing or defacement on websites";
  }
  return "";
}

}  // namespace

std::string problem_title(const Report& report, const Facts& facts, bool german) {
  if (report.report_class == ReportClass::abuse_activity && report.service == "brute-force") {
    return german ? "Brute-Force-Angriffe, die von Ihren Systemen ausgehen"
                  : "Brute-force attacks sent from your systems";
  }
  if (report.report_class == ReportClass::exposure) {
    if (const Title* t = find(service_titles, report.service)) return std::string(in(*t, german));
  }
  std::string title = class_title(report.report_class, facts, german);
  if (const Title* product = find(products, report.service)) {
    title += (german ? " mit " : " running ") + std::string(in(*product, german));
  }
  return title;
}

}  // namespace certbund::notice_parts

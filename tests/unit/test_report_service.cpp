#include <doctest/doctest.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "certbund/report.hpp"

using certbund::service_from_topic;

TEST_SUITE("report") {
  TEST_CASE("every service from German and English topics") {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"Offene Memcached-Server", "memcached"},
        {"Open Memcached servers", "memcached"},
        {"Offene MongoDB-Server", "mongodb"},
        {"Open MongoDB servers", "mongodb"},
        {"Offene Redis-Server", "redis"},
        {"Open Redis servers", "redis"},
        {"Offene SSDP-Dienste", "ssdp"},
        {"Open SSDP services", "ssdp"},
        {"Offene SNMP-Dienste", "snmp"},
        {"Open SNMP services", "snmp"},
        {"NTP-Server mit aktiver 'monlist' Funktion", "ntp-monlist"},
        {"NTP servers with active monlist feature", "ntp-monlist"},
        {"Open NTP Monitor", "ntp-monlist"},
        {"Offene DNS-Resolver", "dns-resolver"},
        {"Open DNS resolvers", "dns-resolver"},
        {"DDoS-Reflexion über offene DNS-Resolver", "dns-resolver"},
        {"Offene MS-SQL Browserdienste", "mssql-browser"},
        {"Open MSSQL Browser services", "mssql-browser"},
        {"Offene SCADA-Systeme", "scada"},
        {"Offen erreichbare ICS-Systeme", "scada"},
        {"Industrielle Steuerungssysteme", "scada"},
        {"Industrial control systems", "scada"},
        {"Offene Portmapper-Dienste", "portmapper"},
        {"Open Portmapper services", "portmapper"},
        {"Offene CLDAP-Server", "cldap"},
        {"Offene LDAP-Server über TCP", "ldap-tcp"},
        {"Open LDAP servers over TCP", "ldap-tcp"},
        {"POP3-Server mit SSL-POODLE-Schwachstelle", "ssl-poodle"},
        {"SSH-Brute-Force-Angriffe", "brute-force"},
        {"RDP brute force attacks", "brute-force"},
        {"Offene SSH-Server", "ssh"},
        {"Open CLDAP servers", "cldap"},
        {"Offene Elasticsearch-Server", "elasticsearch"},
        {"Open Elasticsearch servers", "elasticsearch"},
        {"Offene mDNS-Server", "mdns"},
        {"Open mDNS servers", "mdns"},
        {"Offenes NetBIOS", "netbios"},
        {"Open NetBIOS services", "netbios"},
        {"Offenes IPMI", "ipmi"},
        {"Open IPMI", "ipmi"},
        {"Offenes Chargen", "chargen"},
        {"Open Chargen", "chargen"},
        {"POP3-Server mit unverschlüsselter Authentifizierung", "pop3"},
        {"POP3 servers with unencrypted authentication", "pop3"},
        {"Offene Telnet-Server", "telnet"},
        {"Open Telnet servers", "telnet"},
        {"Offen erreichbare RDP-Dienste", "rdp"},
        {"Accessible RDP services", "rdp"},
        {"Offene SMB-Dienste", "smb"},
        {"Accessible SMB services", "smb"},
        {"Offene VNC-Server", "vnc"},
        {"Accessible VNC servers", "vnc"},
        {"Verwundbare Microsoft-Exchange-Server", "exchange"},
        {"Vulnerable Microsoft Exchange servers", "exchange"},
        {"Verwundbare FortiGate SSL VPN-Server", "fortinet"},
        {"Vulnerable Fortinet systems", "fortinet"},
        {"Verwundbare Microsoft SharePoint-Server", "sharepoint"},
        {"Vulnerable Microsoft SharePoint servers", "sharepoint"},
        {"Cisco-Geräte mit offen erreichbarer Smart-Install-Funktion", "smart-install"},
        {"Cisco devices with openly accessible Smart Install", "smart-install"},
        {"Schadprogramm-Infektionen (Avalanche)", "malware"},
        {"Malware infections", "malware"},
        {"Kompromittierte E-Mail-Konten", "compromised-accounts"},
        {"Compromised e-mail accounts", "compromised-accounts"},
        {"Verwundbare Pulse Connect Secure VPN-Server", "pulse-secure"},
        {"Adware/PUA", "malware"},
    };
    for (const auto& [topic, key] : cases) {
      CAPTURE(topic);
      CHECK(service_from_topic(topic) == key);
    }
  }

  TEST_CASE("case does not matter") {
    CHECK(service_from_topic("OFFENE MEMCACHED-SERVER") == "memcached");
    CHECK(service_from_topic("offene dns-resolver") == "dns-resolver");
  }

  TEST_CASE("a pattern must start a word: Statistics is not ICS") {
    CHECK(service_from_topic("Statistics for your network") == "other");
    CHECK(service_from_topic("Eine Übersicht") == "other");
  }

  TEST_CASE("unknown and empty topics are other") {
    CHECK(service_from_topic("Verwundbare Gartenzwerge") == "other");
    CHECK(service_from_topic("") == "other");
  }
  TEST_CASE("service_keys: every key a topic can give, sorted, other included") {
    auto keys = certbund::service_keys();
    CHECK(std::is_sorted(keys.begin(), keys.end()));
    CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
    for (const char* topic : {"Offene Redis-Server", "Open mDNS servers", "Verwundbare Gartenzwerge", "DDoS"}) {
      CHECK(std::find(keys.begin(), keys.end(), service_from_topic(topic)) != keys.end());
    }
    CHECK(std::find(keys.begin(), keys.end(), "Redis") == keys.end());
  }
}

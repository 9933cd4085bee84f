// Service keys from German and English report topics: one table of
// patterns, first match wins. The topic is lowercased with '-', '_', '/'
// and quotes turned into spaces, and a pattern must start a word, so "ms
// sql" matches "MS-SQL" and "ics" matches "ICS-Systeme" but not "Statistics".

#include <algorithm>
#include <utility>

#include "certbund/report.hpp"

namespace certbund {

namespace {

using Pattern = std::pair<std::string_view, std::string_view>;

// More specific patterns come before the ones they contain.
constexpr Pattern patterns[] = {
    {"memcache", "memcached"},
    {"mongodb", "mongodb"},
    {"redis", "redis"},
    {"ssdp", "ssdp"},
    {"upnp", "ssdp"},
    {"snmp", "snmp"},
    {"monlist", "ntp-monlist"},
    {"ntp monitor", "ntp-monlist"},
    {"dns resolver", "dns-resolver"},
    {"open resolver", "dns-resolver"},
    {"offene resolver", "dns-resolver"},
    {"rekursive dns", "dns-resolver"},
    {"recursive dns", "dns-resolver"},
    {"ms sql", "mssql-browser"},
    {"mssql", "mssql-browser"},
    {"sql server browser", "mssql-browser"},
    {"scada", "scada"},
    {"ics", "scada"},
    {"industrielle steuerung", "scada"},
    {"industrial control", "scada"},
    {"portmapper", "portmapper"},
    {"rpcbind", "portmapper"},
    {"cldap", "cldap"},
    {"ldap", "cldap"},
    {"elasticsearch", "elasticsearch"},
    {"mdns", "mdns"},
    {"netbios", "netbios"},
    {"ipmi", "ipmi"},
    {"chargen", "chargen"},
    // "POP3-Server mit SSL-POODLE" is about SSL, not about POP3 without TLS.
    {"freak", "ssl-freak"},
    {"poodle", "ssl-poodle"},
    {"brute force", "brute-force"},
    {"bruteforce", "brute-force"},
    {"pop3", "pop3"},
    {"imap", "imap"},
    {"telnet", "telnet"},
    {"ssh", "ssh"},
    {"rdp", "rdp"},
    {"remote desktop", "rdp"},
    {"smb", "smb"},
    {"vnc", "vnc"},
    {"tftp", "tftp"},
    {"qotd", "qotd"},
    {"cwmp", "cwmp"},
    {"tr 069", "cwmp"},
    {"microsoft exchange", "exchange"},
    {"exchange server", "exchange"},
    {"fortigate", "fortinet"},
    {"fortinet", "fortinet"},
    {"fortios", "fortinet"},
    {"sharepoint", "sharepoint"},
    {"pulse connect secure", "pulse-secure"},
    {"pulse secure", "pulse-secure"},
    {"smart install", "smart-install"},
    {"abus secvest", "abus-secvest"},
    {"kompromittierte e mail konten", "compromised-accounts"},
    {"compromised e mail accounts", "compromised-accounts"},
    {"compromised email accounts", "compromised-accounts"},
    {"kompromittierte cisco", "compromised-cisco"},
    {"compromised cisco", "compromised-cisco"},
    {"schadprogramm", "malware"},
    {"malware", "malware"},
    {"infektionen", "malware"},
    {"infections", "malware"},
    {"adware", "malware"},
    {"botnet", "malware"},
    {"ddos", "ddos"},
    {"amplification", "ddos"},
};

std::string normalise(std::string_view topic) {
  std::string out = to_lower(topic);
  for (char& c : out) {
    if (c == '-' || c == '_' || c == '/' || c == '\'' || c == '"' || c == '(' || c == ')') c = ' ';
  }
  return out;
}

// Bytes of UTF-8 letters (>= 0x80) count as word characters.
bool is_word_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z');
}

bool starts_a_word(const std::string& text, std::string_view pattern) {
  for (std::size_t at = text.find(pattern); at != std::string::npos; at = text.find(pattern, at + 1)) {
    if (at == 0 || !is_word_char(text[at - 1])) return true;
  }
  return false;
}

}  // namespace

std::string service_from_topic(std::string_view topic) {
  std::string text = normalise(topic);
  // "Offene LDAP-Server über TCP": Shadowserver's Open-LDAP-TCP, not CLDAP.
  if (starts_a_word(text, "ldap") && starts_a_word(text, "tcp")) return "ldap-tcp";
  for (const auto& [pattern, key] : patterns) {
    if (starts_a_word(text, pattern)) return std::string(key);
  }
  return "other";
}

std::vector<ServiceMention> services_named(std::string_view text) {
  std::string lower = normalise(text);
  std::vector<ServiceMention> out;
  for (const auto& [pattern, key] : patterns) {
    for (std::size_t at = lower.find(pattern); at != std::string::npos; at = lower.find(pattern, at + 1)) {
      if (at != 0 && is_word_char(lower[at - 1])) continue;
      auto it = std::find_if(out.begin(), out.end(), [&](const ServiceMention& m) { return m.service == key; });
      if (it == out.end()) {
        out.push_back({std::string(key), 1, at});
      } else {
        ++it->count;
        it->first = std::min(it->first, at);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const ServiceMention& a, const ServiceMention& b) { return a.first < b.first; });
  return out;
}

std::vector<std::string> service_keys() {
  std::vector<std::string> keys{"other"};
  for (const auto& [pattern, key] : patterns) keys.emplace_back(key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace certbund

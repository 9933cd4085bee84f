// What the advice may name from the customer's signed rows: the address to
// check, the ports to filter, CVEs, malware families, C2 endpoints, paths.

#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

struct ServicePorts {
  std::string_view service;
  std::vector<Port> ports;
};

// The ports an open service listens on, when the rows name none.
const std::vector<ServicePorts>& default_ports() {
  static const std::vector<ServicePorts> table = {
      {"memcached", {{11211, "tcp"}, {11211, "udp"}}},
      {"mongodb", {{27017, "tcp"}}},
      {"redis", {{6379, "tcp"}}},
      {"ssdp", {{1900, "udp"}}},
      {"snmp", {{161, "udp"}}},
      {"ntp-monlist", {{123, "udp"}}},
      {"dns-resolver", {{53, "udp"}, {53, "tcp"}}},
      {"mssql-browser", {{1434, "udp"}}},
      {"portmapper", {{111, "tcp"}, {111, "udp"}}},
      {"cldap", {{389, "udp"}}},
      {"ldap-tcp", {{389, "tcp"}, {636, "tcp"}}},
      {"elasticsearch", {{9200, "tcp"}, {9300, "tcp"}}},
      {"mdns", {{5353, "udp"}}},
      {"netbios", {{137, "udp"}, {138, "udp"}, {139, "tcp"}}},
      {"ipmi", {{623, "udp"}}},
      {"chargen", {{19, "udp"}, {19, "tcp"}}},
      {"pop3", {{110, "tcp"}}},
      {"imap", {{143, "tcp"}}},
      {"telnet", {{23, "tcp"}}},
      {"ssh", {{22, "tcp"}}},
      {"rdp", {{3389, "tcp"}}},
      {"smb", {{445, "tcp"}}},
      {"vnc", {{5900, "tcp"}}},
      {"tftp", {{69, "udp"}}},
      {"qotd", {{17, "udp"}}},
  };
  return table;
}

std::string lower_title(const std::string& title) { return to_lower(trim(title)); }

// The non-empty values of the columns named `names`, in row order, once each.
std::vector<std::string> values_of(const std::vector<Row>& rows, std::initializer_list<std::string_view> names) {
  std::vector<std::string> out;
  for (const Row& row : rows) {
    for (const auto& [title, value] : row.extra) {
      if (!value || std::ranges::find(names, lower_title(title)) == names.end()) continue;
      std::string v = trim(neutralise_header(*value));
      if (!v.empty() && std::ranges::find(out, v) == out.end()) out.push_back(v);
    }
  }
  return out;
}

std::optional<std::string> value_in(const Row& row, std::initializer_list<std::string_view> names) {
  for (const auto& [title, value] : row.extra) {
    if (value && std::ranges::find(names, lower_title(title)) != names.end()) {
      std::string v = trim(neutralise_header(*value));
      if (!v.empty()) return v;
    }
  }
  return std::nullopt;
}

// "cve-2023-21529;cve-2024-21410" -> CVE-2023-21529, CVE-2024-21410.
std::vector<std::string> cves_of(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const std::string& cell : values_of(rows, {"cve", "cves", "cve_id", "cve_ids"})) {
    for (std::string id : split(cell, ';')) {
      for (std::string part : split(id, ',')) {
        part = to_upper(trim(part));
        if (part.starts_with("CVE-") && std::ranges::find(out, part) == out.end()) out.push_back(part);
      }
    }
  }
  return out;
}

// "198.51.100.9:80 (c2.example, tcp)" for rows that name where the bot called.
std::vector<std::string> c2_of(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& row : rows) {
    auto ip = value_in(row, {"dst_ip", "c2_ip", "cc_ip", "cnc_ip"});
    auto host = value_in(row, {"dst_host", "c2_host", "cc_host", "c2_domain", "cnc"});
    auto port = value_in(row, {"dst_port", "c2_port", "cc_port"});
    auto proto = value_in(row, {"proto", "protocol"});
    if (!ip && !host) continue;
    std::string text = ip ? *ip : *host;
    if (port) text += (ip && ip->find(':') != std::string::npos ? " port " : ":") + *port;
    std::vector<std::string> notes;
    if (ip && host) notes.push_back(*host);
    if (proto) notes.push_back(*proto);
    if (!notes.empty()) text += " (" + notes[0] + (notes.size() > 1 ? ", " + notes[1] : "") + ")";
    if (std::ranges::find(out, text) == out.end()) out.push_back(text);
  }
  return out;
}

std::vector<Port> ports_of(const std::vector<Row>& rows, const std::string& service) {
  std::vector<Port> defaults;
  for (const ServicePorts& s : default_ports()) {
    if (s.service == service) defaults = s.ports;
  }
  std::vector<int> numbers;
  for (const Row& row : rows) {
    if (row.port && std::ranges::find(numbers, *row.port) == numbers.end()) numbers.push_back(*row.port);
  }
  if (numbers.empty()) return defaults;
  // The rows' ports, with the service's protocols (or the rows' own).
  std::vector<std::string> protocols;
  for (const std::string& p : values_of(rows, {"proto", "protocol", "transport"})) {
    std::string l = to_lower(p);
    if ((l == "tcp" || l == "udp") && std::ranges::find(protocols, l) == protocols.end()) protocols.push_back(l);
  }
  if (protocols.empty()) {
    for (const Port& p : defaults) {
      if (std::ranges::find(protocols, p.proto) == protocols.end()) protocols.push_back(p.proto);
    }
  }
  if (protocols.empty()) protocols = {"tcp"};
  std::vector<Port> out;
  for (int n : numbers) {
    for (const std::string& proto : protocols) out.push_back({n, proto});
  }
  return out;
}

}  // namespace

Facts facts_of(const std::vector<Row>& rows, const std::string& service) {
  Facts f;
  std::vector<IpAddress> ips;
  for (const Row& row : rows) {
    if (std::ranges::find(ips, row.ip) == ips.end()) ips.push_back(row.ip);
  }
  if (ips.size() == 1) {
    f.address = ips[0].to_string();
    f.ipv6 = !ips[0].v4;
  }
  f.ports = ports_of(rows, service);
  f.cves = cves_of(rows);
  f.families = values_of(rows, {"malware", "malware_family", "malware.name", "family", "infection", "botnet"});
  f.c2 = c2_of(rows);
  f.paths = values_of(rows, {"webshell_path", "webshell", "malicious_code_path", "backdoor_path", "url"});
  f.accounts = !values_of(rows, {"email", "account", "mailbox"}).empty();
  return f;
}

}  // namespace certbund::notice_parts

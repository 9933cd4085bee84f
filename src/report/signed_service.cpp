// The service of a report from what CERT-Bund signed only: the Subject is
// outside a PGP/MIME or S/MIME signature, so anyone can change it.

#include <algorithm>
#include <map>

#include "detail.hpp"

namespace certbund {

namespace {

// Named by many reports as what a service is abused for or infected with:
// they decide only when no service is named.
bool generic(const std::string& service) { return service == "ddos" || service == "malware"; }

// The one service most named (ties: the first named), generic ones last.
std::optional<std::string> most_named(const std::vector<ServiceMention>& mentions) {
  const ServiceMention* best = nullptr;
  for (const ServiceMention& m : mentions) {  // in the order first named
    if (!best) {
      best = &m;
      continue;
    }
    bool better = generic(best->service) != generic(m.service) ? generic(best->service) : m.count > best->count;
    if (better) best = &m;
  }
  if (!best) return std::nullopt;
  return best->service;
}

// The services `text` names as a set.
void add_named(std::string_view text, std::vector<std::string>& out) {
  for (const ServiceMention& m : services_named(text)) {
    if (std::find(out.begin(), out.end(), m.service) == out.end()) out.push_back(m.service);
  }
}

std::optional<std::string> only_one(const std::vector<std::string>& services) {
  std::vector<std::string> specific;
  for (const std::string& s : services) {
    if (!generic(s)) specific.push_back(s);
  }
  const std::vector<std::string>& pick = specific.empty() ? services : specific;
  if (pick.size() != 1) return std::nullopt;
  return pick.front();
}

// "https://www.bsi.bund.de/.../HowTo/Offene-Redis-Server/..." names redis.
std::optional<std::string> from_links(std::string_view text) {
  std::vector<std::string> named;
  for (std::size_t at = text.find("http"); at != std::string_view::npos; at = text.find("http", at + 1)) {
    std::string_view url = text.substr(at);
    if (!url.starts_with("http://") && !url.starts_with("https://")) continue;
    url = url.substr(0, url.find_first_of(" \t\r\n<>()\"'"));
    add_named(url, named);
  }
  return only_one(named);
}

// Column titles CERT-Bund's reports of one service carry (see
// certbund-formats: the report types and their columns).
constexpr std::pair<std::string_view, std::string_view> k_column_services[] = {
    {"system_desc", "snmp"},
    {"sysdesc", "snmp"},
    {"workgroup", "netbios"},
    {"machine_name", "netbios"},
    {"workstation_info", "mdns"},
    {"dns_hostname", "cldap"},
    {"webshell_path", "exchange"},
    {"malicious_code_path", "compromised-cisco"},
    {"sharepoint_build_version", "sharepoint"},
    {"sharepoint_product_name", "sharepoint"},
    {"instance_name", "mssql-browser"},
    {"malware", "malware"},
};

std::optional<std::string> from_columns(const std::vector<std::string>& columns) {
  std::vector<std::string> named;
  bool mx = false, email = false;
  for (const std::string& title : columns) {
    std::string lower = to_lower(title);
    mx = mx || lower == "mx";
    email = email || lower == "email";
    for (const auto& [column, service] : k_column_services) {
      if (lower == column && std::find(named.begin(), named.end(), service) == named.end()) {
        named.emplace_back(service);
      }
    }
    add_named(title, named);  // "Redis version", "Memcached version"
  }
  if (mx && email) named.emplace_back("compromised-accounts");
  return only_one(named);
}

// The ports that are one service's own, as Shadowserver scans them.
const std::map<int, std::string_view>& service_ports() {
  static const std::map<int, std::string_view> ports{
      {6379, "redis"},     {11211, "memcached"}, {27017, "mongodb"},      {1900, "ssdp"},
      {161, "snmp"},       {123, "ntp-monlist"}, {53, "dns-resolver"},    {1434, "mssql-browser"},
      {111, "portmapper"}, {389, "cldap"},       {9200, "elasticsearch"}, {5353, "mdns"},
      {137, "netbios"},    {623, "ipmi"},        {19, "chargen"},         {23, "telnet"},
      {3389, "rdp"},       {445, "smb"},         {5900, "vnc"},           {69, "tftp"},
      {17, "qotd"},        {7547, "cwmp"},       {4786, "smart-install"}, {110, "pop3"},
      {143, "imap"},
  };
  return ports;
}

std::optional<int> shared_port(const std::vector<Row>& rows) {
  std::optional<int> port;
  for (const Row& row : rows) {
    if (!row.port || (port && *port != *row.port)) return std::nullopt;
    port = row.port;
  }
  return port;
}

}  // namespace

std::optional<SignedService> signed_service(const Report& report, std::string_view signed_heading_topic) {
  if (std::string s = service_from_topic(signed_heading_topic); s != "other") {
    return SignedService{s, "the signed ticket line"};
  }
  if (auto s = from_links(report.explanation)) return SignedService{*s, "the link in the signed text"};
  if (auto s = most_named(services_named(report.explanation))) return SignedService{*s, "the signed text"};
  if (auto s = from_columns(report.columns)) return SignedService{*s, "the signed columns"};
  if (auto port = shared_port(report.rows)) {
    auto it = service_ports().find(*port);
    if (it != service_ports().end()) {
      return SignedService{std::string(it->second), "port " + std::to_string(*port) + " of every signed row"};
    }
  }
  return std::nullopt;
}

}  // namespace certbund

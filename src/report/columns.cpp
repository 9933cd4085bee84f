// Column titles to roles. Columns are found by name, never by position.

#include <utility>

#include "detail.hpp"

namespace certbund::report_detail {

Role role_of(std::string_view title) {
  // Compared case-insensitively. Port only from a column named port.
  static constexpr std::pair<std::string_view, Role> titles[] = {
      {"asn", Role::asn},
      {"src_asn", Role::asn},
      {"ip", Role::ip},
      {"ip address", Role::ip},
      {"src_ip", Role::ip},
      {"ip.src", Role::ip},
      {"timestamp", Role::timestamp},
      {"timestamp (utc)", Role::timestamp},
      {"time", Role::timestamp},
      {"port", Role::port},
      {"source ip", Role::ip},
      {"ip-adresse", Role::ip},
  };
  std::string key = to_lower(trim_view(title));
  for (const auto& [name, role] : titles) {
    if (key == name) return role;
  }
  return Role::extra;
}

}  // namespace certbund::report_detail

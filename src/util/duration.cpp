#include <charconv>

#include "certbund/util.hpp"

namespace certbund {

std::optional<UnixTime> parse_duration(std::string_view s) {
  if (s.size() < 2) return std::nullopt;
  UnixTime unit = 0;
  switch (s.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 60 * 60; break;
    case 'd': unit = k_day_seconds; break;
    case 'w': unit = 7 * k_day_seconds; break;
    case 'y': unit = 365 * k_day_seconds; break;
    default: return std::nullopt;
  }
  const std::string_view digits = s.substr(0, s.size() - 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  UnixTime n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (n > 1000 * 365 * k_day_seconds / unit) return std::nullopt;  // beyond a thousand years: a typo
  return n * unit;
}

}  // namespace certbund

#include "certbund/pipeline.hpp"

namespace certbund {

std::size_t auto_resolve(Store& store, const Config& config, UnixTime now) {
  if (config.auto_resolve_days <= 0) return 0;
  const std::string why = "not seen again for " + std::to_string(config.auto_resolve_days) + " days";
  return store.resolve_not_seen(now - config.auto_resolve_days * k_day_seconds, now, why).size();
}

}  // namespace certbund

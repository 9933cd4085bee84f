#pragma once
// The outbox's rows as the store's outbox files share them. Private to
// the store stage.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certbund/store.hpp"

namespace certbund {

class StatementCache;

// Notice `id`'s addresses with their states, in the notice's order.
std::vector<OutboxRecipient> recipients_of(StatementCache& statements, std::int64_t id);
// Adds `to` as notice `id`'s addresses, queued, in that order; an address
// it has already only takes its new place.
void add_recipients(StatementCache& statements, std::int64_t id, const std::vector<std::string>& to);
// Links notice `id` to `incidents` (those it tells of); a link it has
// already stays.
void link_incidents(StatementCache& statements, std::int64_t id, const std::vector<std::int64_t>& incidents);
// Notice `id` with its addresses; nullopt when there is none.
std::optional<OutboxItem> load_item(StatementCache& statements, std::int64_t id);

}  // namespace certbund

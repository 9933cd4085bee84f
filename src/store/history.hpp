#pragma once
// An incident's status history (table incident_history). Private to the
// store stage.

#include "certbund/store.hpp"
#include "statement_cache.hpp"

namespace certbund {

// Records that incident `incident_id` was `what` at `at` by change.by,
// for change.why.
void add_history(StatementCache& sql, std::int64_t incident_id, UnixTime at, IncidentAction what, const Change& change);

// "CB-Report#20240115-1, scanned 2024-01-15T03:00:00Z": why a scan opened
// or reopened an incident.
std::string scan_reason(const std::string& ticket, UnixTime scanned);

}  // namespace certbund

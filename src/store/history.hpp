#pragma once
// An incident's status history (table incident_history). Private to the
// store stage.

#include <span>

#include "certbund/store.hpp"
#include "statement_cache.hpp"

namespace certbund {

// Records that incident `incident_id` was `what` at `at` by change.by,
// for change.why.
void add_history(StatementCache& sql, std::int64_t incident_id, UnixTime at, IncidentAction what, const Change& change);

// One row of an incident's history, for add_history below.
struct HistoryEntry {
  std::int64_t incident_id = 0;
  IncidentAction what = IncidentAction::opened;
  Change change;
};

// Records `entries`, in order, all at `at`: the same rows as add_history
// one by one, in fewer statements.
void add_history(StatementCache& sql, UnixTime at, std::span<const HistoryEntry> entries);

// "CB-Report#20240115-1, scanned 2024-01-15T03:00:00Z": why a scan opened
// or reopened an incident.
std::string scan_reason(const std::string& ticket, UnixTime scanned);

}  // namespace certbund

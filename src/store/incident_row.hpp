#pragma once
// One incident as a row of the incidents list. Private to the store stage.

#include <SQLiteCpp/Statement.h>

#include "certbund/store.hpp"
#include "statement_cache.hpp"

namespace certbund {

// SELECT ... FROM incidents i (with its customer's name): add WHERE and
// ORDER BY; read each row with incident_from.
extern const char* const k_incident_select;
IncidentInfo incident_from(SQLite::Statement& q);
// The tickets of the reports that told of incident `id`, oldest first.
std::vector<std::string> tickets_of(StatementCache& sql, std::int64_t incident_id);
// The same, from the row of k_incident_select that `q` is on.
std::vector<std::string> tickets_from(SQLite::Statement& q, StatementCache& sql, std::int64_t incident_id);

}  // namespace certbund

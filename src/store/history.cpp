#include "history.hpp"

namespace certbund {

void add_history(StatementCache& sql, std::int64_t incident_id, UnixTime at, IncidentAction what,
                 const Change& change) {
  auto q = sql.get("INSERT INTO incident_history (incident_id, at, what, author, why) VALUES (?, ?, ?, ?, ?)");
  q->bind(1, incident_id);
  q->bind(2, static_cast<std::int64_t>(at));
  q->bind(3, std::string(to_string(what)));
  q->bind(4, change.by);
  q->bind(5, change.why);
  q->exec();
}

std::string scan_reason(const std::string& ticket, UnixTime scanned) {
  return (ticket.empty() ? std::string("a report without ticket") : ticket) + ", scanned " + format_iso8601(scanned);
}

}  // namespace certbund

#include "history.hpp"

#include <algorithm>

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

namespace {
constexpr std::size_t k_rows_per_insert = 64;  // 320 parameters, far below SQLite's limit

std::string insert_of(std::size_t rows) {
  std::string sql = "INSERT INTO incident_history (incident_id, at, what, author, why) VALUES ";
  for (std::size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
  return sql;
}
}  // namespace

void add_history(StatementCache& sql, UnixTime at, std::span<const HistoryEntry> entries) {
  while (!entries.empty()) {
    const std::size_t rows = std::min(entries.size(), k_rows_per_insert);
    auto q = sql.get(insert_of(rows));
    int index = 1;
    for (const HistoryEntry& e : entries.first(rows)) {
      q->bind(index++, e.incident_id);
      q->bind(index++, static_cast<std::int64_t>(at));
      q->bind(index++, std::string(to_string(e.what)));
      q->bind(index++, e.change.by);
      q->bind(index++, e.change.why);
    }
    q->exec();
    entries = entries.subspan(rows);
  }
}

std::string scan_reason(const std::string& ticket, UnixTime scanned) {
  return (ticket.empty() ? std::string("a report without ticket") : ticket) + ", scanned " + format_iso8601(scanned);
}

}  // namespace certbund

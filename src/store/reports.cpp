// A stored report read back: its heading from the reports table, its rows
// from the events it recorded (a notice is made again from these).

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "json_text.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (auto& line : split(text, '\n')) {
    if (!line.empty()) out.push_back(std::move(line));
  }
  return out;
}

std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}
}  // namespace

std::optional<Report> Store::report(std::int64_t report_id) const {
  return guarded(path_, [&]() -> std::optional<Report> {
    auto q = statements_->get(
        "SELECT ticket, topic, scope, service, critical, status, problems, columns, explanation"
        " FROM reports WHERE id = ?");
    q->bind(1, report_id);
    if (!q->executeStep()) return std::nullopt;
    Report r;
    r.ticket = q->getColumn(0).getString();
    r.topic = q->getColumn(1).getString();
    r.scope = q->getColumn(2).getString();
    r.service = q->getColumn(3).getString();
    r.critical = q->getColumn(4).getInt() != 0;
    r.status = q->getColumn(5).getString() == "parsed" ? ReportStatus::parsed : ReportStatus::needs_review;
    r.problems = lines_of(q->getColumn(6).getString());
    r.columns = array_from_json(q->getColumn(7).getString(), "report " + std::to_string(report_id) + " columns");
    r.explanation = q->getColumn(8).getString();
    return r;
  });
}

std::vector<Row> Store::report_rows(std::int64_t report_id, const std::vector<std::int64_t>& incidents) const {
  return guarded(path_, [&] {
    const std::set<std::int64_t> wanted(incidents.begin(), incidents.end());
    auto q = statements_->get(
        "SELECT id, incident_id, ip, port, timestamp, asn, extra FROM events WHERE report_id = ? ORDER BY id");
    q->bind(1, report_id);
    std::vector<Row> out;
    while (q->executeStep()) {
      if (!wanted.contains(q->getColumn(1).getInt64())) continue;
      Row row;
      row.ip = column_state(q->getColumn(2), parse_ip);
      if (auto port = optional_int(q->getColumn(3))) row.port = static_cast<int>(*port);
      row.timestamp = q->getColumn(4).getInt64();
      row.asn = optional_int(q->getColumn(5));
      row.extra = object_from_json(q->getColumn(6).getString(), "event " + q->getColumn(0).getString() + " extra");
      out.push_back(std::move(row));
    }
    return out;
  });
}

}  // namespace certbund

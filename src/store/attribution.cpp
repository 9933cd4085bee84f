// Design: an import may give an owner to addresses that were nobody's when
// their scans were recorded. Their events take the owner at their scan
// time (the history decides, so a backdated change counts); when nobody
// held the address then, the first customer who held it after the scan:
// a customer list lags behind the network, and an incident still open is
// most likely the system its first known holder runs. An address some
// customer held when scanned was attributed to that customer at ingest
// and is not touched here. The incident takes the owner of its latest
// event, as record_events does. What the customer is told is the pipeline's business: it asks for
// the stored report and its rows back (stored_report) to render a notice.

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>

#include "certbund/store.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {

struct UnownedEvent {
  std::int64_t id = 0, incident_id = 0, report_id = 0;
  std::string ip;
  UnixTime scanned = 0;
};

std::vector<UnownedEvent> unowned_events(StatementCache& sql) {
  auto q = sql.get(
      "SELECT e.id, e.incident_id, e.report_id, e.ip, e.timestamp FROM events e"
      " JOIN incidents i ON i.id = e.incident_id"
      " WHERE i.status = 'open' AND i.customer IS NULL AND e.customer IS NULL ORDER BY e.report_id, e.id");
  std::vector<UnownedEvent> out;
  while (q->executeStep()) {
    out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getInt64(), q->getColumn(2).getInt64(),
                   q->getColumn(3).getString(), q->getColumn(4).getInt64()});
  }
  return out;
}

void set_event_customer(StatementCache& sql, std::int64_t event_id, const std::string& customer) {
  auto q = sql.get("UPDATE events SET customer = ? WHERE id = ?");
  q->bind(1, customer);
  q->bind(2, event_id);
  q->exec();
}

// The latest event decides, as in record_events.
void set_incident_customer(StatementCache& sql, std::int64_t incident_id) {
  auto q = sql.get(
      "UPDATE incidents SET customer = (SELECT customer FROM events WHERE incident_id = ?1"
      " ORDER BY timestamp DESC, id DESC LIMIT 1) WHERE id = ?1");
  q->bind(1, incident_id);
  q->exec();
}

std::vector<std::string> json_array_items(StatementCache& sql, const std::string& json) {
  auto q = sql.get("SELECT value FROM json_each(?) ORDER BY id");
  q->bind(1, json);
  std::vector<std::string> out;
  while (q->executeStep()) out.push_back(q->getColumn(0).getString());
  return out;
}

std::vector<std::pair<std::string, std::optional<std::string>>> json_object_fields(StatementCache& sql,
                                                                                   const std::string& json) {
  auto q = sql.get("SELECT key, CASE WHEN type = 'null' THEN NULL ELSE value END FROM json_each(?) ORDER BY id");
  q->bind(1, json);
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  while (q->executeStep()) {
    std::optional<std::string> value;
    if (!q->getColumn(1).isNull()) value = q->getColumn(1).getString();
    out.emplace_back(q->getColumn(0).getString(), std::move(value));
  }
  return out;
}

Row event_row(StatementCache& sql, std::int64_t event_id) {
  std::string extra;
  Row row;
  {
    auto q = sql.get("SELECT ip, port, asn, timestamp, extra FROM events WHERE id = ?");
    q->bind(1, event_id);
    if (!q->executeStep()) throw Failure(Exit::data, "no event " + std::to_string(event_id));
    row.ip = parse_ip(q->getColumn(0).getString()).value_or(IpAddress{});
    if (!q->getColumn(1).isNull()) row.port = q->getColumn(1).getInt();
    if (!q->getColumn(2).isNull()) row.asn = q->getColumn(2).getInt64();
    row.timestamp = q->getColumn(3).getInt64();
    extra = q->getColumn(4).getString();
  }
  row.extra = json_object_fields(sql, extra);
  return row;
}

}  // namespace

std::vector<Attribution> Store::attribute_unassigned() {
  return guarded(path_, [&] {
    Transaction tx(*this);
    std::vector<Attribution> out;
    std::set<std::int64_t> incidents;
    const std::vector<UnownedEvent> unowned = unowned_events(*statements_);
    // Nothing to attribute: the owner index (every holding ever imported)
    // is not built for nothing.
    if (unowned.empty()) {
      tx.commit();
      return out;
    }
    const OwnerIndex& owners = this->owners();
    for (const UnownedEvent& e : unowned) {
      auto ip = parse_ip(e.ip);
      if (!ip) continue;
      std::optional<std::string> owner;
      if (auto held = owners.find(*ip, e.scanned)) owner = std::string(held->customer);
      else if (auto next = owners.first_after(*ip, e.scanned)) owner = std::string(next->customer);
      if (!owner) continue;
      set_event_customer(*statements_, e.id, *owner);
      incidents.insert(e.incident_id);
      out.push_back({e.id, e.incident_id, e.report_id, *owner, e.scanned});
    }
    for (std::int64_t id : incidents) set_incident_customer(*statements_, id);
    tx.commit();
    return out;
  });
}

Report Store::stored_report(std::int64_t report_id, const std::vector<std::int64_t>& event_ids) const {
  return guarded(path_, [&] {
    Report r;
    std::string columns;
    {
      auto q = statements_->get(
          "SELECT ticket, topic, scope, service, critical, columns, explanation FROM reports WHERE id = ?");
      q->bind(1, report_id);
      if (!q->executeStep()) throw Failure(Exit::data, "no report " + std::to_string(report_id));
      r.ticket = q->getColumn(0).getString();
      r.topic = q->getColumn(1).getString();
      r.scope = q->getColumn(2).getString();
      r.service = q->getColumn(3).getString();
      r.critical = q->getColumn(4).getInt() != 0;
      columns = q->getColumn(5).getString();
      r.explanation = q->getColumn(6).getString();
    }
    r.status = ReportStatus::parsed;
    r.columns = json_array_items(*statements_, columns);
    for (std::int64_t id : event_ids) r.rows.push_back(event_row(*statements_, id));
    return r;
  });
}

void Store::mark_notified(const std::vector<std::int64_t>& ids, UnixTime now) {
  guarded(path_, [&] {
    for (std::int64_t id : ids) {
      auto q = statements_->get("UPDATE incidents SET last_notified = ? WHERE id = ?");
      q->bind(1, static_cast<std::int64_t>(now));
      q->bind(2, id);
      q->exec();
    }
  });
}

}  // namespace certbund

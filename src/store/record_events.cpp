// Design: one pass over the report's rows inside one transaction. Each
// row's incident is looked up, and when there is one, the row as an event
// (a duplicate stops there); then the incident is opened, updated,
// reopened or left alone, then the event is stored. Whether to notify is
// decided once per incident per call, so every row of one incident in one
// report goes into the same notice. History rows are written in batches,
// in order, before the call returns.

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "history.hpp"
#include "ip_blob.hpp"
#include "json_text.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {

struct EventKey {
  IpAddress ip;
  std::string ip_text;
  int port_key;  // the port, or -1 for none: the key the unique indexes use
  std::string service;
  UnixTime timestamp;
};

struct Incident {
  std::int64_t id = 0;
  bool changed = false;  // opened, updated or reopened by this event
  std::optional<UnixTime> last_notified;
};

void bind_port(SQLite::Statement& q, int index, const std::optional<int>& port) {
  if (port) {
    q.bind(index, *port);
  } else {
    q.bind(index);  // NULL
  }
}

void bind_optional(Statement& q, int index, const std::optional<std::string>& value) {
  if (value) {
    q.bind(index, *value);
  } else {
    q.bind(index);
  }
}

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    q.bind(index, *value);
  } else {
    q.bind(index);
  }
}

std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

class EventRecorder {
 public:
  EventRecorder(StatementCache& sql, const OwnerIndex& owners, std::int64_t report_id, const std::string& ticket,
                int remind_after_days, UnixTime now)
      : sql_(sql),
        owners_(owners),
        report_id_(report_id),
        ticket_(ticket),
        remind_after_(remind_after_days * k_day_seconds),
        now_(now) {
    auto q = sql_.get("SELECT mail_id FROM reports WHERE id = ?");
    q->bind(1, report_id);
    if (!q->executeStep()) throw Failure(Exit::data, "no report " + std::to_string(report_id));
    mail_id_ = q->getColumn(0).getInt64();
  }

  // `key_repeats`: another row of the report has the key of this one (see
  // recording_order); only then is its incident's decision kept.
  std::optional<EventOutcome> record(std::size_t index, const Row& row, const std::string& service, bool key_repeats) {
    remember_ = key_repeats;
    if (!row.timestamp) return std::nullopt;  // nothing to key an event on
    const EventKey key{row.ip, row.ip.to_string(), row.port.value_or(-1), service, *row.timestamp};
    EventOutcome out;
    out.row = index;
    // An event is stored with its incident, under the same key, and goes
    // with it (purge): with no incident for the key there is no event.
    const auto found = find_incident(key);
    if (found && find_event(key, out)) return out;
    if (auto owner = owners_.find(key.ip, key.timestamp)) out.customer = std::string(owner->customer);
    auto incident = found ? touch_incident(*found, key, row, out.customer) : open_incident(key, row, out.customer);
    out.incident_id = incident.id;
    out.event_id = insert_event(key, row, out);
    out.notify = incident.changed && out.customer && decide_notify(incident);
    return out;
  }

  // Flushes what is batched; call before the transaction commits.
  void finish() { flush_history(); }

 private:
  struct Found {
    std::int64_t id = 0;
    bool open = false;
    std::optional<UnixTime> resolved_at;
    std::optional<UnixTime> last_notified;
  };

  bool find_event(const EventKey& key, EventOutcome& out) {
    auto q = sql_.get(
        "SELECT id, incident_id, customer FROM events"
        " WHERE ip = ? AND ifnull(port, -1) = ? AND service = ? AND timestamp = ?");
    q->bind(1, key.ip_text);
    q->bind(2, key.port_key);
    q->bind(3, key.service);
    q->bind(4, static_cast<std::int64_t>(key.timestamp));
    if (!q->executeStep()) return false;
    out.duplicate = true;
    out.event_id = q->getColumn(0).getInt64();
    out.incident_id = q->getColumn(1).getInt64();
    if (!q->getColumn(2).isNull()) out.customer = q->getColumn(2).getString();
    return true;
  }

  std::optional<Found> find_incident(const EventKey& key) {
    auto q = sql_.get(
        "SELECT id, status, resolved_at, last_notified FROM incidents"
        " WHERE ip = ? AND ifnull(port, -1) = ? AND service = ?");
    q->bind(1, key.ip_text);
    q->bind(2, key.port_key);
    q->bind(3, key.service);
    if (!q->executeStep()) return std::nullopt;
    return Found{q->getColumn(0).getInt64(),
                 column_state(q->getColumn(1), incident_status_from_string) == IncidentStatus::open,
                 optional_int(q->getColumn(2)), optional_int(q->getColumn(3))};
  }

  Incident touch_incident(const Found& found, const EventKey& key, const Row& row,
                          const std::optional<std::string>& customer) {
    Incident incident{found.id, true, found.last_notified};
    if (!found.open && found.resolved_at && key.timestamp <= *found.resolved_at) {
      incident.changed = false;  // a late report of a scan from before the fix
    } else if (found.open) {
      update_incident(incident.id, key, row, customer);
    } else {
      reopen_incident(incident.id, key, row, customer);
      note_history(incident.id, IncidentAction::reopened, key.timestamp);
      incident.last_notified.reset();
    }
    return incident;
  }

  // A new incident with an owner is notified (decide_notify): it is
  // stored marked notified at now, as decide_notify would mark it.
  Incident open_incident(const EventKey& key, const Row& row, const std::optional<std::string>& customer) {
    auto q = sql_.get(
        "INSERT INTO incidents (ip, ip_bytes, port, service, asn, customer, first_seen, last_seen, last_notified)"
        " VALUES (?, ?, ?, ?, ?, ?, ?7, ?7, ?8)");
    q->bind(1, key.ip_text);
    bind_ip(*q, 2, key.ip);
    bind_port(*q, 3, row.port);
    q->bind(4, key.service);
    bind_optional(*q, 5, row.asn);
    bind_optional(*q, 6, customer);
    q->bind(7, static_cast<std::int64_t>(key.timestamp));
    if (customer) q->bind(8, static_cast<std::int64_t>(now_));
    q->exec();
    const std::int64_t id = last_id();
    note_history(id, IncidentAction::opened, key.timestamp);
    if (customer && remember_) decided_.emplace(id, true);
    return Incident{id, true, std::nullopt};
  }

  // History is written as done by "certbund" at now, naming the ticket and
  // the scan time; in order, a batch at a time.
  void note_history(std::int64_t id, IncidentAction what, UnixTime scanned) {
    history_.push_back({id, what, scanned});
    if (history_.size() >= k_history_batch) flush_history();
  }

  void flush_history() {
    std::vector<HistoryEntry> entries;
    entries.reserve(history_.size());
    for (const PendingHistory& h : history_) {
      entries.push_back({h.incident_id, h.what, {"certbund", scan_reason(ticket_, h.scanned)}});
    }
    add_history(sql_, now_, entries);
    history_.clear();
  }

  // The latest event decides asn and customer; an older one only widens
  // first_seen.
  void update_incident(std::int64_t id, const EventKey& key, const Row& row,
                       const std::optional<std::string>& customer) {
    auto q = sql_.get(
        "UPDATE incidents SET first_seen = min(first_seen, ?1), last_seen = max(last_seen, ?1),"
        " asn = CASE WHEN ?1 >= last_seen THEN coalesce(?2, asn) ELSE asn END,"
        " customer = CASE WHEN ?1 >= last_seen THEN ?3 ELSE customer END WHERE id = ?4");
    bind_incident_change(*q, id, key, row, customer);
  }

  void reopen_incident(std::int64_t id, const EventKey& key, const Row& row,
                       const std::optional<std::string>& customer) {
    auto q = sql_.get(
        "UPDATE incidents SET status = 'open', resolved_at = NULL, resolution = NULL, last_notified = NULL,"
        " last_seen = max(last_seen, ?1), asn = coalesce(?2, asn), customer = ?3 WHERE id = ?4");
    bind_incident_change(*q, id, key, row, customer);
  }

  void bind_incident_change(Statement& q, std::int64_t id, const EventKey& key, const Row& row,
                            const std::optional<std::string>& customer) {
    q.bind(1, static_cast<std::int64_t>(key.timestamp));
    bind_optional(q, 2, row.asn);
    bind_optional(q, 3, customer);
    q.bind(4, id);
    q.exec();
  }

  std::int64_t insert_event(const EventKey& key, const Row& row, const EventOutcome& out) {
    auto q = sql_.get(
        "INSERT INTO events (report_id, mail_id, incident_id, ip, port, service, timestamp, asn, extra,"
        " customer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, report_id_);
    q->bind(2, mail_id_);
    q->bind(3, out.incident_id);
    q->bind(4, key.ip_text);
    bind_port(*q, 5, row.port);
    q->bind(6, key.service);
    q->bind(7, static_cast<std::int64_t>(key.timestamp));
    bind_optional(*q, 8, row.asn);
    q->bind(9, json_object(row.extra));
    bind_optional(*q, 10, out.customer);
    q->exec();
    return last_id();
  }

  // New, reopened and never notified incidents are notified; others once
  // the reminder interval has passed. Marks the incident notified at now.
  bool decide_notify(const Incident& incident) {
    if (remember_) {
      if (auto it = decided_.find(incident.id); it != decided_.end()) return it->second;
    }
    const bool due = !incident.last_notified || now_ - *incident.last_notified >= remind_after_;
    if (remember_) decided_.emplace(incident.id, due);
    if (due) {
      auto q = sql_.get("UPDATE incidents SET last_notified = ? WHERE id = ?");
      q->bind(1, static_cast<std::int64_t>(now_));
      q->bind(2, incident.id);
      q->exec();
    }
    return due;
  }

  std::int64_t last_id() { return sqlite3_last_insert_rowid(sql_.database().getHandle()); }

  StatementCache& sql_;
  const OwnerIndex& owners_;  // built before the transaction began
  std::int64_t report_id_;
  std::string ticket_;
  std::int64_t mail_id_ = 0;
  UnixTime remind_after_;
  UnixTime now_;
  // Incident -> notify, for this call: only an incident that another row
  // of the report can meet again (its key repeats) is kept here, so a
  // report of a million new incidents keeps none.
  std::unordered_map<std::int64_t, bool> decided_;
  bool remember_ = true;  // the row at hand's key repeats
  // History rows not written yet, in order: written in batches.
  struct PendingHistory {
    std::int64_t incident_id;
    IncidentAction what;
    UnixTime scanned;
  };
  static constexpr std::size_t k_history_batch = 256;
  std::vector<PendingHistory> history_;
};

// The address of `row` as its incident's key compares it: an IPv4
// address by its 4 bytes (its text), any other by all 16.
std::span<const std::uint8_t> key_bytes(const Row& row) {
  return row.ip.v4 ? std::span<const std::uint8_t>(row.ip.bytes).subspan(12)
                   : std::span<const std::uint8_t>(row.ip.bytes);
}

// The rows of a report in the order they are recorded: by incident key
// (address, then port; the service is the report's), rows of one key in
// row order. Keyed so, each row's insert into the indexes on the address
// (incidents_key, incidents_ip_bytes, events_key) lands beside the one
// before it, on a page SQLite's small cache still holds; in row order
// (random addresses) those indexes thrash it once a report is larger than
// it. `repeats[i]`: another row has row i's key; only such rows can meet
// an incident that the same call decided before.
struct RecordingOrder {
  std::vector<std::uint32_t> rows;
  std::vector<bool> repeats;
};

RecordingOrder recording_order(const std::vector<Row>& rows) {
  auto key_less = [&](std::uint32_t a, std::uint32_t b) {
    const Row& x = rows[a];
    const Row& y = rows[b];
    if (x.ip.v4 != y.ip.v4) return x.ip.v4 > y.ip.v4;  // IPv4 first
    const auto kx = key_bytes(x), ky = key_bytes(y);   // of one length: both IPv4 or neither
    if (int c = std::memcmp(kx.data(), ky.data(), kx.size()); c != 0) return c < 0;
    return x.port.value_or(-1) < y.port.value_or(-1);
  };
  RecordingOrder order{std::vector<std::uint32_t>(rows.size()), std::vector<bool>(rows.size(), false)};
  for (std::size_t i = 0; i < rows.size(); ++i) order.rows[i] = static_cast<std::uint32_t>(i);
  std::ranges::stable_sort(order.rows, key_less);
  for (std::size_t i = 1; i < order.rows.size(); ++i) {
    if (!key_less(order.rows[i - 1], order.rows[i]))
      order.repeats[order.rows[i - 1]] = order.repeats[order.rows[i]] = true;
  }
  return order;
}

}  // namespace

std::vector<EventOutcome> Store::record_events(std::int64_t report_id, const Report& report, int remind_after_days,
                                               UnixTime now) {
  std::vector<EventOutcome> out;
  record_events(report_id, report, remind_after_days, now, [&](const EventOutcome& e) { out.push_back(e); });
  std::ranges::sort(out, {}, &EventOutcome::row);  // recorded in key order, returned in row order
  return out;
}

void Store::record_events(std::int64_t report_id, const Report& report, int remind_after_days, UnixTime now,
                          const std::function<void(const EventOutcome&)>& each) {
  guarded(path_, [&] {
    Transaction tx(*this);
    EventRecorder recorder(*statements_, owners(), report_id, report.ticket, remind_after_days, now);
    const RecordingOrder order = recording_order(report.rows);
    for (const std::uint32_t i : order.rows) {
      if (auto outcome = recorder.record(i, report.rows[i], report.service, order.repeats[i])) each(*outcome);
    }
    recorder.finish();
    tx.commit();
  });
}

}  // namespace certbund

#include <SQLiteCpp/SQLiteCpp.h>

#include <variant>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "history.hpp"
#include "incident_row.hpp"
#include "ip_blob.hpp"
#include "list_order.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

const char* const k_incident_select =
    "SELECT i.id, i.ip, i.port, i.service, i.asn, i.customer, i.status, i.first_seen, i.last_seen,"
    " i.resolved_at, i.resolution FROM incidents i";

namespace {
// `text` of column `c` into `out`, reusing its buffer.
void assign_text(std::string& out, const SQLite::Column& c) {
  const auto* text = static_cast<const char*>(c.getBlob());  // before getBytes, as SQLite asks
  out.assign(text, static_cast<std::size_t>(c.getBytes()));
}

void assign_text(std::optional<std::string>& out, const SQLite::Column& c) {
  if (c.isNull()) {
    out.reset();
    return;
  }
  if (!out) out.emplace();
  assign_text(*out, c);
}

template <class T>
void assign_int(std::optional<T>& out, const SQLite::Column& c) {
  if (c.isNull()) out.reset();
  else out = static_cast<T>(c.getInt64());
}
}  // namespace

void read_incident(SQLite::Statement& q, IncidentInfo& i) {
  i.id = q.getColumn(0).getInt64();
  i.ip = column_state(q.getColumn(1), parse_ip);
  assign_int(i.port, q.getColumn(2));
  assign_text(i.service, q.getColumn(3));
  assign_int(i.asn, q.getColumn(4));
  assign_text(i.customer, q.getColumn(5));
  i.status = column_state(q.getColumn(6), incident_status_from_string);
  i.first_seen = q.getColumn(7).getInt64();
  i.last_seen = q.getColumn(8).getInt64();
  assign_int(i.resolved_at, q.getColumn(9));
  assign_text(i.resolution, q.getColumn(10));
}

IncidentInfo incident_from(SQLite::Statement& q) {
  IncidentInfo i;
  read_incident(q, i);
  return i;
}

namespace {
using Param = std::variant<std::string, std::int64_t, IpAddress>;

const std::vector<SortField> k_sort_fields{
    {"id", "i.id"},
    {"ip", "i.ip_bytes"},
    {"port", "i.port"},
    {"service", "i.service"},
    {"customer", "i.customer"},
    {"status", "i.status"},
    {"first_seen", "i.first_seen"},
    {"last_seen", "i.last_seen"},
    {"resolved_at", "i.resolved_at"},
    // IncidentDetails::fill's last_notice, for SQL to sort by.
    {"last_notice",
     "(SELECT max(o.sent_at) FROM outbox_incidents oi JOIN outbox o ON o.id = oi.outbox_id"
     " WHERE oi.incident_id = i.id AND o.status = 'sent')"},
};

// The WHERE clause of `filter` and its parameters, in order.
std::pair<std::string, std::vector<Param>> where_clause(const IncidentFilter& filter) {
  std::string sql = " WHERE 1";
  std::vector<Param> params;
  if (filter.state != IncidentFilter::State::all) {
    // With --ip, "+" keeps SQLite off the status index (it would read every
    // open incident): the address range is far narrower.
    sql += filter.ip ? " AND +i.status = ?" : " AND i.status = ?";
    auto status = filter.state == IncidentFilter::State::open ? IncidentStatus::open : IncidentStatus::resolved;
    params.emplace_back(std::string(to_string(status)));
  }
  if (filter.customer) {
    sql += " AND i.customer = ?";
    params.emplace_back(*filter.customer);
  }
  if (filter.unassigned) sql += " AND i.customer IS NULL";
  if (filter.service) {
    sql += " AND i.service = ?";
    params.emplace_back(*filter.service);
  }
  if (filter.ip) {
    sql += " AND i.ip_bytes BETWEEN ? AND ?";
    params.emplace_back(filter.ip->base);
    params.emplace_back(filter.ip->last());
  }
  if (filter.since) {
    sql += " AND i.last_seen >= ?";
    params.emplace_back(static_cast<std::int64_t>(*filter.since));
  }
  if (filter.until) {
    sql += " AND i.first_seen <= ?";
    params.emplace_back(static_cast<std::int64_t>(*filter.until));
  }
  return {sql, params};
}

void bind_params(Statement& q, const std::vector<Param>& params) {
  int index = 0;
  for (const auto& p : params) {
    ++index;
    if (auto* s = std::get_if<std::string>(&p)) q.bind(index, *s);
    if (auto* n = std::get_if<std::int64_t>(&p)) q.bind(index, *n);
    if (auto* ip = std::get_if<IpAddress>(&p)) bind_ip(q, index, *ip);
  }
}
}  // namespace

std::vector<std::string_view> incident_sort_fields() { return names_of(k_sort_fields); }

void Store::for_each_incident(const IncidentFilter& filter,
                              const std::function<void(const IncidentInfo&)>& each) const {
  const std::string order = order_clause(filter.order, k_sort_fields, "i.id");
  guarded(path_, [&] {
    const auto [where, params] = where_clause(filter);
    auto q = statements_->get(std::string(k_incident_select) + where + order);
    bind_params(*q, params);
    IncidentDetails details(*statements_);
    IncidentInfo incident;
    while (q->executeStep()) {
      read_incident(*q, incident);
      details.fill(incident);
      each(incident);
    }
  });
}

std::vector<IncidentInfo> Store::incidents(const IncidentFilter& filter) const {
  std::vector<IncidentInfo> out;
  for_each_incident(filter, [&](const IncidentInfo& i) { out.push_back(i); });
  return out;
}

bool Store::resolve_incident(std::int64_t id, UnixTime at, const Change& change) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    auto q =
        statements_->get("UPDATE incidents SET status = 'resolved', resolved_at = ? WHERE id = ? AND status = 'open'");
    q->bind(1, static_cast<std::int64_t>(at));
    q->bind(2, id);
    if (q->exec() == 0) return false;
    add_history(*statements_, id, at, IncidentAction::resolved, change);
    tx.commit();
    return true;
  });
}

std::vector<std::int64_t> Store::resolve_not_seen(UnixTime not_seen_since, UnixTime now, const std::string& why) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    std::vector<std::int64_t> ids;
    {
      auto q = statements_->get("SELECT id FROM incidents WHERE status = 'open' AND last_seen < ? ORDER BY id");
      q->bind(1, static_cast<std::int64_t>(not_seen_since));
      while (q->executeStep()) ids.push_back(q->getColumn(0).getInt64());
    }
    for (std::int64_t id : ids) {
      auto q =
          statements_->get("UPDATE incidents SET status = 'resolved', resolved_at = ?, resolution = ? WHERE id = ?");
      q->bind(1, static_cast<std::int64_t>(now));
      q->bind(2, why);
      q->bind(3, id);
      q->exec();
      add_history(*statements_, id, now, IncidentAction::resolved, Change{"certbund", why});
    }
    tx.commit();
    return ids;
  });
}

}  // namespace certbund

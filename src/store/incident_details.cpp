// Design: a list of a million incidents read its class, tickets, customer
// name and last notice with three correlated subqueries and a join per
// row (about 9 CPU seconds for 900,000 rows). SQLite only joins by
// searching an index per row; here the events and notices indexes are read
// in step with the incidents instead (a merge join), and the few reports,
// customers and notices they point to are looked up once each.

#include <SQLiteCpp/SQLiteCpp.h>

#include "incident_row.hpp"

namespace certbund {

namespace {

// Rows further ahead than this are found by a search, not by stepping.
constexpr int k_max_steps = 16;
// Notices and customers read ahead on a cache miss.
constexpr std::int64_t k_prefetch = 256;

}  // namespace

IncidentDetails::Cursor::Cursor(StatementCache& sql, std::string_view text) : q_(sql.get(text)) {}

void IncidentDetails::Cursor::seek(std::int64_t id) {
  q_->reset();
  q_->bind(1, id);
  step();
}

void IncidentDetails::Cursor::step() {
  done_ = !q_->executeStep();
  if (!done_) at_ = q_->getColumn(0).getInt64();
}

void IncidentDetails::Cursor::go_to(std::int64_t id) {
  if (!asked_ || id <= last_asked_) {
    seek(id);
  } else {
    for (int steps = 0; !done_ && at_ < id; ++steps) {
      if (steps == k_max_steps) {
        seek(id);
        break;
      }
      step();
    }
  }
  asked_ = true;
  last_asked_ = id;
}

IncidentDetails::IncidentDetails(StatementCache& sql)
    : sql_(sql),
      events_(sql,
              "SELECT incident_id, report_id FROM events INDEXED BY events_incident WHERE incident_id >= ?"
              " ORDER BY incident_id, report_id"),
      notices_(sql,
               "SELECT incident_id, outbox_id FROM outbox_incidents INDEXED BY outbox_incidents_incident"
               " WHERE incident_id >= ? ORDER BY incident_id, outbox_id") {}

const IncidentDetails::ReportFacts* IncidentDetails::report(std::int64_t id) {
  const auto& facts = reports_.get(id, [&] {
    auto q = sql_.get("SELECT class, ticket FROM reports WHERE id = ?");
    q->bind(1, id);
    std::optional<ReportFacts> found;
    if (q->executeStep()) found = ReportFacts{q->getColumn(0).getString(), q->getColumn(1).getString()};
    return found;
  });
  return facts ? &*facts : nullptr;
}

std::optional<UnixTime> IncidentDetails::sent_at(std::int64_t outbox_id) {
  return sent_.get(outbox_id, [&] {
    // The next k_prefetch notices as well, in one read of the sent ones'
    // index (schema/011) by id: the incidents of a list are told of in
    // about that order. An id not in it has no sent notice.
    auto q = sql_.get(
        "SELECT id, sent_at FROM outbox INDEXED BY outbox_sent WHERE status = 'sent' AND id >= ?1 AND id < ?1 + ?2"
        " ORDER BY id");
    q->bind(1, outbox_id);
    q->bind(2, static_cast<std::int64_t>(k_prefetch));
    std::int64_t next = outbox_id;
    std::optional<UnixTime> found;
    while (q->executeStep()) {
      const std::int64_t id = q->getColumn(0).getInt64();
      for (; next < id; ++next) sent_.put(next, std::nullopt);
      std::optional<UnixTime> at;
      if (!q->getColumn(1).isNull()) at = q->getColumn(1).getInt64();
      if (id == outbox_id) found = at;
      else sent_.put(id, at);
      next = id + 1;
    }
    for (; next < outbox_id + k_prefetch; ++next) {
      if (next != outbox_id) sent_.put(next, std::nullopt);
    }
    return found;
  });
}

const std::optional<std::string>& IncidentDetails::customer_name(const std::string& id) {
  return names_.get_near(id, near_name_, [&] {
    // The next k_prefetch customers by id as well, in one read of the
    // customers index: one query per customer was a sixth of a list of
    // a million incidents over 100,000 customers. Put in id order, `id`
    // first: a list that meets customers in rising order finds the next
    // one beside the last (get_near).
    auto q = sql_.get("SELECT id, name FROM customers WHERE id >= ? ORDER BY id LIMIT ?");
    q->bind(1, id);
    q->bind(2, static_cast<std::int64_t>(k_prefetch));
    std::optional<std::string> name;
    while (q->executeStep()) {
      std::optional<std::string> n;
      if (!q->getColumn(1).isNull()) n = q->getColumn(1).getString();
      std::string customer = q->getColumn(0).getString();
      if (customer == id) name = n;
      names_.put(customer, std::move(n));
    }
    return name;
  });
}

void IncidentDetails::fill(IncidentInfo& incident) {
  incident.report_class = "exposure";  // of an incident no report tells of (any more)
  // The tickets are written over those of the incident before (a list
  // reads every row into one IncidentInfo): no allocation per row.
  std::size_t tickets = 0;
  events_.rows_of(incident.id, [&](SQLite::Statement& q) {
    const ReportFacts* r = report(q.getColumn(1).getInt64());
    if (!r) return;
    incident.report_class = r->report_class;  // rows come in report order: the last one is the latest
    if (r->ticket.empty()) return;
    for (std::size_t t = 0; t < tickets; ++t) {
      if (incident.tickets[t] == r->ticket) return;
    }
    if (tickets < incident.tickets.size()) incident.tickets[tickets] = r->ticket;
    else incident.tickets.push_back(r->ticket);
    ++tickets;
  });
  incident.tickets.resize(tickets);
  incident.last_notice.reset();
  notices_.rows_of(incident.id, [&](SQLite::Statement& q) {
    const auto at = sent_at(q.getColumn(1).getInt64());
    if (at && (!incident.last_notice || *at > *incident.last_notice)) incident.last_notice = at;
  });
  if (!incident.customer) incident.customer_name.reset();
  else incident.customer_name = customer_name(*incident.customer);
}

}  // namespace certbund

// Design: a customer list that covers addresses reported while they were
// nobody's is a late answer to those reports. The store attributes the
// events by its history; the customer hears of each incident once, with
// its latest scan within the reminder interval, in a notice per report
// rebuilt from the stored (signed, verified) report and its events, just
// as ingest would have sent had the list been there. Older scans are
// attributed but not notified: CERT-Bund reports again what is still open.

#include <map>
#include <set>

#include "certbund/pipeline.hpp"

namespace certbund {

namespace {

constexpr UnixTime k_day = 24 * 60 * 60;

// Per incident, its latest attributed event scanned at or after `since`.
std::map<std::int64_t, Attribution> latest_recent(const std::vector<Attribution>& attributed, UnixTime since) {
  std::map<std::int64_t, Attribution> out;
  for (const Attribution& a : attributed) {
    if (a.scanned < since) continue;
    auto [it, inserted] = out.try_emplace(a.incident_id, a);
    if (!inserted && a.scanned > it->second.scanned) it->second = a;
  }
  return out;
}

}  // namespace

CustomerImport Pipeline::import_customers(const std::vector<Customer>& customers, UnixTime now,
                                          std::optional<UnixTime> valid_from) {
  CustomerImport out;
  // A first import loads every network into an empty table, each naming
  // a customer that replace_customers wrote just before it: SQLite need
  // not look each one up (Store::ForeignKeys). Later imports, which write
  // only what changed, are checked. Asked before the transaction (SQLite
  // cannot switch checks inside one); should another import slip in
  // between, this one's references are still its own.
  const auto keys = store_.holds_networks() ? Store::ForeignKeys::checked : Store::ForeignKeys::unchecked;
  Store::Transaction tx(store_, Store::Durability::normal, keys);
  out.changes = store_.replace_customers(customers, now, valid_from);
  const std::vector<Attribution> attributed = store_.attribute_unassigned();
  std::set<std::int64_t> incidents;
  for (const Attribution& a : attributed) incidents.insert(a.incident_id);
  out.attributed_events = attributed.size();
  out.attributed_incidents = incidents.size();

  // (report, customer) -> the events its notice lists
  std::map<std::pair<std::int64_t, std::string>, std::vector<std::int64_t>> notices;
  std::map<std::pair<std::int64_t, std::string>, std::vector<std::int64_t>> told;  // their incidents
  std::vector<std::int64_t> notified;
  for (const auto& [incident, a] : latest_recent(attributed, now - config_.remind_after_days * k_day)) {
    notices[{a.report_id, a.customer}].push_back(a.event_id);
    told[{a.report_id, a.customer}].push_back(incident);
    notified.push_back(incident);
  }
  for (const auto& [key, events] : notices) {
    const auto& [report_id, customer] = key;
    Report report = store_.stored_report(report_id, events);
    if (queue_notice(report_id, report, customer, report.rows, now, told[key])) ++out.notices;
  }
  store_.mark_notified(notified, now);
  tx.commit();
  return out;
}

}  // namespace certbund

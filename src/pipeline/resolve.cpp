// Resolving incidents, and what it does to the notices not sent yet: a
// customer is not told of what the desk already knows is fixed.

#include <set>

#include "certbund/pipeline.hpp"

namespace certbund {

ResolveOutcome Pipeline::resolve(const std::vector<std::int64_t>& ids, UnixTime at, const Change& change) {
  ResolveOutcome outcome;
  Store::Transaction tx(store_);
  std::set<std::int64_t> notices;
  for (std::int64_t id : ids) {
    if (!store_.resolve_incident(id, at, change)) {
      outcome.not_open.push_back(id);
      continue;
    }
    outcome.resolved.push_back(id);
    for (std::int64_t notice : store_.queued_notices_of(id)) notices.insert(notice);
  }
  for (std::int64_t notice : notices) mend_notice(notice, at, outcome);
  tx.commit();
  return outcome;
}

void Pipeline::mend_notice(std::int64_t id, UnixTime at, ResolveOutcome& outcome) {
  auto source = store_.notice_source(id);
  if (!source) return;
  auto report = store_.report(source->report_id);
  auto customer = store_.customer(source->customer);
  std::vector<Row> rows;
  if (report && customer && !source->open.empty()) rows = store_.report_rows(source->report_id, source->open);
  if (rows.empty()) {
    store_.cancel_notice(id, at, "every incident it told of was resolved");
    outcome.cancelled.push_back(id);
    return;
  }
  Notice notice = renderer().render(*report, *customer, rows, at);
  store_.replace_notice(id, NewNotice{notice.message_id, notice.subject, notice.from, notice.to, notice.bytes},
                        source->open);
  outcome.rerendered.push_back(id);
}

}  // namespace certbund

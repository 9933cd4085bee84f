// The desk's `outbox retry`: a notice that failed, or whose sending is in
// doubt, queued again.

#include "certbund/pipeline.hpp"

namespace certbund {

bool Pipeline::retry_notice(std::int64_t id, UnixTime now) {
  auto item = store_.outbox_item(id);
  if (!item) return false;
  Store::Transaction tx(store_);
  if (!store_.requeue_notice(id, now)) return false;
  auto customer = store_.customer(item->customer);
  if (item->status == OutboxStatus::failed && customer && !customer->emails.empty() && customer->emails != item->to) {
    auto source = store_.notice_source(id);  // queued now: there is one
    auto report = store_.report(source->report_id);
    std::vector<std::int64_t> incidents = source->open.empty() ? store_.notice_incidents(id) : source->open;
    std::vector<Row> rows;
    if (report) rows = store_.report_rows(source->report_id, incidents);
    if (!rows.empty()) {
      Notice notice = renderer().render(*report, *customer, rows, now);
      store_.replace_notice(id, NewNotice{notice.message_id, notice.subject, notice.from, notice.to, notice.bytes},
                            incidents);
    }
  }
  tx.commit();
  return true;
}

}  // namespace certbund

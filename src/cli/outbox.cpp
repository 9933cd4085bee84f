// outbox: every notice, queued, sent, failed or cancelled, by id (oldest
// first), as a table, CSV or JSON.

#include <algorithm>
#include <map>

#include "certbund/cli.hpp"
#include "certbund/store.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

using json = nlohmann::ordered_json;

// The next try of a queued notice; nothing for the others.
std::optional<UnixTime> next_try(const OutboxItem& item) {
  if (item.status != OutboxStatus::queued) return std::nullopt;
  return item.next_try;
}

// The server's last reply, or why the notice was cancelled.
const std::string& reply_of(const OutboxItem& item) {
  return item.status == OutboxStatus::cancelled ? item.note : item.last_reply;
}

std::string time_text(const std::optional<UnixTime>& t) { return t ? format_iso8601(*t) : ""; }

}  // namespace

int outbox(const Global& g, Format format) {
  Context ctx(g, Access::read);
  std::vector<OutboxItem> items = ctx.store.outbox();
  std::sort(items.begin(), items.end(), [](const OutboxItem& a, const OutboxItem& b) { return a.id < b.id; });
  std::map<std::string, std::string> names;
  for (const Customer& c : ctx.store.customers()) names[c.id] = c.name;
  Table t{{"id", "status", "customer", "name", "ticket", "to", "attempts", "created", "next_try", "sent_at", "reply"},
          {}};
  json out = json::array();
  for (const OutboxItem& item : items) {
    t.rows.push_back({std::to_string(item.id), text(item.status), item.customer, names[item.customer], item.ticket,
                      join(item.to, ";"), std::to_string(item.attempts), format_iso8601(item.created),
                      time_text(next_try(item)), time_text(item.sent_at), reply_of(item)});
    out.push_back({{"id", item.id},
                   {"status", text(item.status)},
                   {"customer", item.customer},
                   {"customer_name", names[item.customer].empty() ? json(nullptr) : json(names[item.customer])},
                   {"ticket", item.ticket},
                   {"message_id", item.message_id},
                   {"subject", item.subject},
                   {"to", item.to},
                   {"attempts", item.attempts},
                   {"created", format_iso8601(item.created)},
                   {"next_try", time_json(next_try(item))},
                   {"sent_at", time_json(item.sent_at)},
                   {"reply", reply_of(item)}});
  }
  print_as(format, t, out);
  return 0;
}

}  // namespace certbund::cli

// outbox: every notice, queued, sending, sent, failed, cancelled or in
// doubt, by id (oldest first), as a table, CSV or JSON; one notice in
// full (outbox show); the desk's retry and cancel.

#include <algorithm>
#include <iostream>
#include <map>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
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

// Each address with its state: "a@x sent; b@x failed".
std::string delivery_text(const OutboxItem& item) {
  std::vector<std::string> parts;
  for (const OutboxRecipient& r : item.recipients) parts.push_back(r.address + " " + text(r.status));
  return join(parts, "; ");
}

json recipients_json(const OutboxItem& item) {
  json out = json::array();
  for (const OutboxRecipient& r : item.recipients) {
    out.push_back({{"address", r.address},
                   {"status", text(r.status)},
                   {"attempts", r.attempts},
                   {"reply", r.reply},
                   {"done_at", time_json(r.done_at)}});
  }
  return out;
}

json item_json(const OutboxItem& item, const std::string& name) {
  return {{"id", item.id},
          {"status", text(item.status)},
          {"customer", item.customer},
          {"customer_name", name.empty() ? json(nullptr) : json(name)},
          {"ticket", item.ticket},
          {"message_id", item.message_id},
          {"subject", item.subject},
          {"to", item.to},
          {"recipients", recipients_json(item)},
          {"attempts", item.attempts},
          {"created", format_iso8601(item.created)},
          {"next_try", time_json(next_try(item))},
          {"sent_at", time_json(item.sent_at)},
          {"claimed_by", item.claimed_by.empty() ? json(nullptr) : json(item.claimed_by)},
          {"claimed_at", time_json(item.claimed_at)},
          {"reply", reply_of(item)}};
}

// The message's header section as it goes out, unfolded lines kept.
std::string header_section(const std::string& bytes) {
  auto end = bytes.find("\r\n\r\n");
  if (end == std::string::npos) end = bytes.find("\n\n");
  std::string head = bytes.substr(0, end);
  std::erase(head, '\r');
  return head;
}

struct Told {
  std::int64_t id = 0;
  std::string what;  // "192.0.2.17 port 6379 redis, open"
};

std::vector<Told> incidents_told(Store& store, std::int64_t id) {
  std::vector<Told> out;
  for (std::int64_t incident : store.notice_incidents(id)) {
    auto story = store.incident_story(incident);
    if (!story) continue;
    const IncidentInfo& i = story->incident;
    out.push_back({incident, i.ip.to_string() + (i.port ? " port " + std::to_string(*i.port) : "") + " " + i.service +
                                 ", " + text(i.status)});
  }
  return out;
}

void print_notice(const OutboxItem& item, const std::string& name, const std::vector<Told>& told) {
  std::cout << "notice " << item.id << ": " << text(item.status) << "\n"
            << "  customer:   " << item.customer << (name.empty() ? "" : " (" + name + ")") << "\n"
            << "  ticket:     " << (item.ticket.empty() ? "-" : item.ticket) << "\n"
            << "  created:    " << format_iso8601(item.created) << "\n"
            << "  attempts:   " << item.attempts << "\n";
  if (auto t = next_try(item)) std::cout << "  next try:   " << format_iso8601(*t) << "\n";
  if (item.sent_at) std::cout << "  sent at:    " << format_iso8601(*item.sent_at) << "\n";
  if (item.claimed_at)
    std::cout << "  claimed by: " << item.claimed_by << " at " << format_iso8601(*item.claimed_at) << "\n";
  if (!reply_of(item).empty()) std::cout << "  reply:      " << escape_controls(reply_of(item)) << "\n";
  std::cout << "\n" << escape_controls(header_section(item.bytes), LineBreaks::keep) << "\n\n";
  Table recipients{{"address", "status", "attempts", "done_at", "reply"}, {}};
  for (const OutboxRecipient& r : item.recipients) {
    recipients.rows.push_back({r.address, text(r.status), std::to_string(r.attempts), time_text(r.done_at), r.reply});
  }
  print_table(std::cout, recipients);
  std::cout << "\nincidents:\n";
  for (const Told& t : told) std::cout << "  " << t.id << "  " << escape_controls(t.what) << "\n";
}

std::string customer_name(Store& store, const std::string& id) {
  auto c = store.customer(id);
  return c ? c->name : "";
}

}  // namespace

int outbox(const Global& g, Format format) {
  // Writes: claims whose run is gone become in_doubt before they are listed.
  Context ctx(g);
  mark_abandoned_claims(ctx.store, now());
  std::vector<OutboxItem> items = ctx.store.outbox();
  std::sort(items.begin(), items.end(), [](const OutboxItem& a, const OutboxItem& b) { return a.id < b.id; });
  std::map<std::string, std::string> names;
  for (const Customer& c : ctx.store.customers()) names[c.id] = c.name;
  Table t{{"id", "status", "customer", "name", "ticket", "to", "attempts", "created", "next_try", "sent_at", "reply",
           "delivery"},
          {}};
  json out = json::array();
  for (const OutboxItem& item : items) {
    t.rows.push_back({std::to_string(item.id), text(item.status), item.customer, names[item.customer], item.ticket,
                      join(item.to, ";"), std::to_string(item.attempts), format_iso8601(item.created),
                      time_text(next_try(item)), time_text(item.sent_at), reply_of(item), delivery_text(item)});
    out.push_back(item_json(item, names[item.customer]));
  }
  print_as(format, t, out);
  return 0;
}

int show_notice(const Global& g, std::int64_t id, Format format, bool raw) {
  Context ctx(g);
  mark_abandoned_claims(ctx.store, now());
  auto item = ctx.store.outbox_item(id);
  if (!item) throw Failure(Exit::no_input, "notice " + std::to_string(id) + ": no such notice in the outbox");
  if (raw) {
    std::cout << item->bytes;
    return 0;
  }
  const std::string name = customer_name(ctx.store, item->customer);
  const std::vector<Told> told = incidents_told(ctx.store, id);
  if (format == Format::table) {
    print_notice(*item, name, told);
    return 0;
  }
  json out = item_json(*item, name);
  out["headers"] = header_section(item->bytes);
  out["incidents"] = json::array();
  for (const Told& t : told) out["incidents"].push_back(t.id);
  if (format == Format::json) {
    std::cout << out.dump(2) << '\n';
  } else {
    Table recipients{{"address", "status", "attempts", "done_at", "reply"}, {}};
    for (const OutboxRecipient& r : item->recipients) {
      recipients.rows.push_back({r.address, text(r.status), std::to_string(r.attempts), time_text(r.done_at), r.reply});
    }
    print_csv(std::cout, recipients);
  }
  return 0;
}

int retry_notice(const Global& g, std::int64_t id) {
  Context ctx(g);
  mark_abandoned_claims(ctx.store, now());
  auto item = ctx.store.outbox_item(id);
  if (!item) throw Failure(Exit::no_input, "notice " + std::to_string(id) + ": no such notice in the outbox");
  Pipeline pipeline(ctx.config, ctx.store);
  if (!pipeline.retry_notice(id, now())) {
    throw Failure(Exit::no_input, "notice " + std::to_string(id) + " is " + text(item->status) +
                                      ": only a failed or in_doubt notice can be retried");
  }
  auto after = ctx.store.outbox_item(id);
  log_line(
      g, "notice " + std::to_string(id) + " queued again for " + join(after->to, ", ") + "; certbund notify sends it");
  return 0;
}

int cancel_notice(const Global& g, std::int64_t id, const Action& action) {
  Context ctx(g);
  mark_abandoned_claims(ctx.store, now());
  auto item = ctx.store.outbox_item(id);
  if (!item) throw Failure(Exit::no_input, "notice " + std::to_string(id) + ": no such notice in the outbox");
  const std::string why = "cancelled by " + author(action.by) + (action.note ? ": " + *action.note : "");
  if (!ctx.store.cancel_notice(id, now(), why)) {
    throw Failure(Exit::no_input, "notice " + std::to_string(id) + " is " + text(item->status) +
                                      ": only a queued, failed or in_doubt notice can be cancelled");
  }
  log_line(g, "notice " + std::to_string(id) + " " + why);
  return 0;
}

}  // namespace certbund::cli

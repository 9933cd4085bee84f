#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace certbund::cli {

namespace {

void compare(std::string& out, const char* what, const std::string& before, const std::string& after) {
  if (before != after) out += std::string(out.empty() ? "" : "; ") + what + " " + before + " -> " + after;
}

// "attached mail 13 found: verified CB-Report#..., 2 new events, 2 notices
// queued" for each mail it carried that was not stored before, and theirs.
void found_attached(std::string& out, const MailOutcome& outcome) {
  for (const MailOutcome& a : outcome.attached) {
    if (a.duplicate) continue;
    out += std::string(out.empty() ? "" : "; ") + "attached mail " + std::to_string(a.mail_id) +
           " found: " + std::string(to_string(a.verdict)) + (a.ticket.empty() ? "" : " " + a.ticket) + ", " +
           counted(a.new_events, "new event", "new events") + ", " +
           counted(a.notices, "notice queued", "notices queued");
    found_attached(out, a);
  }
}

// "verdict untrusted_key -> verified; rows 0 -> 3", or "unchanged (...)".
std::string changes(const MailInfo& before, const MailInfo& after, const MailOutcome& outcome) {
  std::string out;
  compare(out, "verdict", text(before.verdict), text(after.verdict));
  compare(out, "status", text(before.status), text(after.status));
  compare(out, "ticket", before.ticket, after.ticket);
  compare(out, "service", before.service, after.service);
  compare(out, "rows", std::to_string(before.rows), std::to_string(after.rows));
  if (outcome.new_events) out += (out.empty() ? "" : "; ") + counted(outcome.new_events, "new event", "new events");
  if (outcome.notices) out += (out.empty() ? "" : "; ") + counted(outcome.notices, "notice queued", "notices queued");
  found_attached(out, outcome);
  if (!out.empty()) return out;
  return "unchanged (" + text(after.status) + ", " + (after.service.empty() ? text(after.verdict) : after.service) +
         ", " + std::to_string(after.rows) + " rows)";
}

}  // namespace

int reparse(const Global& g, bool all, const std::vector<std::int64_t>& ids) {
  if (all == !ids.empty()) throw Failure(Exit::usage, "reparse: give --all or mail IDs");
  Context ctx(g);
  Pipeline pipeline(ctx.config, ctx.store);
  std::vector<std::int64_t> todo = ids;
  if (all) {
    for (const MailInfo& m : ctx.store.mails(MailFilter{})) {
      if (!m.purged_at) todo.push_back(m.id);  // nothing left to parse
    }
  }
  std::size_t done = 0;
  pipeline.reparse_all(todo, now(), [&](std::int64_t id, const MailInfo& before, const MailOutcome& outcome) {
    Progress::line().clear();
    std::cout << "mail " << id << ": " << escape_controls(changes(before, *ctx.store.mail(id), outcome)) << '\n'
              << std::flush;
    Progress::line().show("reparse", ++done, todo.size());
  });
  Progress::line().clear();
  return 0;
}

}  // namespace certbund::cli

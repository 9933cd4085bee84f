#include <iostream>

#include "certbund/pipeline.hpp"
#include "commands.hpp"

namespace certbund::cli {

namespace {

void compare(std::string& out, const char* what, const std::string& before, const std::string& after) {
  if (before != after) out += std::string(out.empty() ? "" : "; ") + what + " " + before + " -> " + after;
}

// "verdict untrusted_key -> verified; rows 0 -> 3", or "unchanged (...)".
std::string changes(const MailInfo& before, const MailInfo& after, const MailOutcome& outcome) {
  std::string out;
  compare(out, "verdict", before.verdict, after.verdict);
  compare(out, "status", before.status, after.status);
  compare(out, "ticket", before.ticket, after.ticket);
  compare(out, "service", before.service, after.service);
  compare(out, "rows", std::to_string(before.rows), std::to_string(after.rows));
  if (outcome.new_events) out += (out.empty() ? "" : "; ") + std::to_string(outcome.new_events) + " new events";
  if (outcome.notices) out += (out.empty() ? "" : "; ") + std::to_string(outcome.notices) + " notices queued";
  if (!out.empty()) return out;
  return "unchanged (" + after.status + ", " + (after.service.empty() ? after.verdict : after.service) + ", " +
         std::to_string(after.rows) + " rows)";
}

}  // namespace

int reparse(const Global& g, bool all, const std::vector<std::int64_t>& ids) {
  if (all == !ids.empty()) throw Failure(Exit::usage, "reparse: give --all or mail IDs");
  Config config = load(g);
  Store store(config.database_path, config.busy_timeout_ms);
  Pipeline pipeline(config, store);
  std::vector<std::int64_t> todo = ids;
  if (all) {
    for (const MailInfo& m : store.mails(MailFilter{})) todo.push_back(m.id);
  }
  UnixTime at = now();
  for (std::int64_t id : todo) {
    auto before = store.mail(id);
    if (!before) throw Failure(Exit::no_input, "mail " + std::to_string(id) + ": no such mail");
    MailOutcome outcome = pipeline.reparse(id, at);
    std::cout << "mail " << id << ": " << escape_controls(changes(*before, *store.mail(id), outcome)) << '\n';
  }
  return 0;
}

}  // namespace certbund::cli

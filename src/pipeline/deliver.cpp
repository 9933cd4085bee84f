// Sending the outbox: each notice claimed before certbund talks to the
// server, each address's outcome kept, so that a notice goes out once
// (see deliver_outbox in certbund/pipeline.hpp).

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <fstream>
#include <limits>

#include "certbund/pipeline.hpp"

namespace certbund {

namespace {

constexpr int k_max_attempts = 30;             // about four days at the capped delay
constexpr UnixTime k_first_delay = 60;         // seconds
constexpr UnixTime k_max_delay = 4 * 60 * 60;  // seconds
constexpr UnixTime k_foreign_claim = 60 * 60;  // a claim from another host older than this is dead

// 1, 2, 4, 8 ... minutes, at most four hours.
UnixTime backoff(int attempts) {
  UnixTime delay = k_first_delay << std::min(attempts, 20);
  return std::min(delay, k_max_delay);
}

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = "";
  if (gethostname(name, sizeof name) != 0) return "localhost";
  name[HOST_NAME_MAX] = '\0';
  return name;
}

// A temporary refusal past the last attempt is final.
RecipientStatus status_of(const SendResult& r, int attempts) {
  switch (r.kind) {
    case SendResult::Kind::sent: return RecipientStatus::sent;
    case SendResult::Kind::permanent: return RecipientStatus::failed;
    case SendResult::Kind::temporary: break;
  }
  return attempts + 1 < k_max_attempts ? RecipientStatus::queued : RecipientStatus::failed;
}

std::vector<std::string> in_flight(const OutboxItem& item) {
  std::vector<std::string> out;
  for (const OutboxRecipient& r : item.recipients) {
    if (r.status == RecipientStatus::sending) out.push_back(r.address);
  }
  return out;
}

// One line for the notice: the reply, or each address's when they differ.
std::string summary(const std::vector<RecipientResult>& results) {
  if (results.empty()) return "";
  const bool same = std::ranges::all_of(results, [&](const RecipientResult& r) { return r.reply == results[0].reply; });
  if (same) return results[0].reply;
  std::string out;
  for (const RecipientResult& r : results) out += (out.empty() ? "" : "; ") + r.address + ": " + r.reply;
  return out;
}

// The whole message to `to` at once. libcurl 7.88 cannot tell which
// recipient the server refused, and one refused RCPT stops the whole
// transaction (nobody got it): so a refusal of a message to several
// addresses is tried address by address, each recorded as soon as the
// server answered, and one dead address does not silence the others.
std::vector<RecipientResult> send_to(Store& store, const SmtpClient& smtp, const OutboxItem& item,
                                     const std::vector<std::string>& to, UnixTime now) {
  SendResult r = smtp.send(item.from, to, item.bytes);
  std::vector<RecipientResult> results;
  const bool refused = r.kind != SendResult::Kind::sent && r.code >= 400;
  if (!refused || to.size() < 2) {
    for (const std::string& address : to) results.push_back({address, status_of(r, item.attempts), r.reply});
    return results;
  }
  for (const std::string& address : to) {
    SendResult one = smtp.send(item.from, {address}, item.bytes);
    RecipientResult result{address, status_of(one, item.attempts), one.reply};
    store.record_recipients(item.id, {result}, now);
    results.push_back(result);
  }
  return results;
}

struct Attempt {
  OutboxStatus status = OutboxStatus::queued;
  std::string reply;
};

// Sends claimed notice `item` and ends its claim.
Attempt attempt(Store& store, const SmtpClient& smtp, const OutboxItem& item, UnixTime now) {
  const std::vector<std::string> to = in_flight(item);
  std::vector<RecipientResult> results;
  if (!to.empty()) results = send_to(store, smtp, item, to, now);
  const std::string reply = summary(results);
  Store::Transaction tx(store);
  store.record_recipients(item.id, results, now);  // again for those recorded one by one: a no-op
  Attempt a{store.finish_attempt(item.id, reply, now, now + backoff(item.attempts)), reply};
  tx.commit();
  return a;
}

void count(DeliveryStats& stats, OutboxStatus s) {
  if (s == OutboxStatus::sent) ++stats.sent;
  else if (s == OutboxStatus::failed) ++stats.failed;
  else ++stats.retrying;
}

std::string outcome_text(const Attempt& a, UnixTime next_try) {
  switch (a.status) {
    case OutboxStatus::sent: return "sent (" + a.reply + ")";
    case OutboxStatus::failed: return "FAILED (" + a.reply + ")";
    default: return "will retry at " + format_iso8601(next_try) + " (" + a.reply + ")";
  }
}

// Notices whose run is gone become in_doubt; with resend_in_doubt, every
// in_doubt notice is queued again.
void settle_claims(Store& store, UnixTime now, const DeliveryOptions& options, DeliveryStats& stats,
                   const DeliveryLog& log) {
  for (const OutboxClaim& claim : mark_abandoned_claims(store, now)) {
    ++stats.in_doubt;
    log("notice " + std::to_string(claim.id) + ": IN DOUBT (its run " + claim.claimed_by +
            " ended while sending it; the server may have it)",
        true);
  }
  if (!options.resend_in_doubt) return;
  for (std::int64_t id : store.in_doubt_notices()) {
    if (!store.requeue_notice(id, now)) continue;
    ++stats.requeued;
    log("notice " + std::to_string(id) + ": in doubt, queued again (notify.resend_in_doubt)", false);
  }
}

}  // namespace

std::string this_claimer() {
  static const std::string me = host_name() + ":" + std::to_string(getpid());
  return me;
}

bool claimer_gone(const OutboxClaim& claim, UnixTime now) {
  const auto colon = claim.claimed_by.rfind(':');
  if (colon == std::string::npos) return true;
  if (claim.claimed_by.substr(0, colon) != host_name()) return now - claim.claimed_at > k_foreign_claim;
  long pid = 0;
  try {
    pid = std::stol(claim.claimed_by.substr(colon + 1));
  } catch (const std::exception&) {
    return true;
  }
  if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) return true;
  // EPERM: the process exists under another user.
  return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

std::vector<OutboxClaim> mark_abandoned_claims(Store& store, UnixTime now) {
  std::vector<OutboxClaim> out;
  for (const OutboxClaim& claim : store.claims()) {
    // A claim in this process's name is from an earlier process that had
    // its pid: this one claims only after it settled the others.
    const bool gone = claim.claimed_by == this_claimer() || claimer_gone(claim, now);
    if (gone && store.mark_in_doubt(claim.id, claim.claimed_by)) out.push_back(claim);
  }
  return out;
}

DeliveryStats deliver_outbox(Store& store, const SmtpClient& smtp, UnixTime now, const DeliveryLog& log,
                             const DeliveryOptions& options,
                             const std::function<void(std::size_t, std::size_t)>& progress) {
  DeliveryStats stats;
  settle_claims(store, now, options, stats, log);
  const UnixTime horizon = options.ignore_backoff ? std::numeric_limits<UnixTime>::max() : now;
  const std::vector<OutboxItem> due = store.due(horizon);
  std::size_t done = 0;
  for (const OutboxItem& queued : due) {
    auto item = store.claim_notice(queued.id, this_claimer(), now, options.ignore_backoff);
    if (item) {
      Attempt a = attempt(store, smtp, *item, now);
      count(stats, a.status);
      log("notice " + std::to_string(item->id) + " " + item->ticket + " to " + join(in_flight(*item), ",") + ": " +
              outcome_text(a, now + backoff(item->attempts)),
          a.status == OutboxStatus::failed);
    }
    if (progress) progress(++done, due.size());
  }
  stats.next_retry = store.next_retry();
  stats.waiting_in_doubt = store.in_doubt_notices().size();
  return stats;
}

std::size_t write_dry_run(Store& store, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::size_t count = 0;
  for (const OutboxItem& item : store.outbox()) {
    if (item.status != OutboxStatus::queued) continue;
    std::ofstream(dir / (std::to_string(item.id) + ".eml"), std::ios::binary) << item.bytes;
    ++count;
  }
  return count;
}

}  // namespace certbund

#include <algorithm>
#include <fstream>

#include "certbund/pipeline.hpp"

namespace certbund {

namespace {

constexpr int k_max_attempts = 30;             // about four days at the capped delay
constexpr UnixTime k_first_delay = 60;         // seconds
constexpr UnixTime k_max_delay = 4 * 60 * 60;  // seconds

// 1, 2, 4, 8 ... minutes, at most four hours.
UnixTime backoff(int attempts) {
  UnixTime delay = k_first_delay << std::min(attempts, 20);
  return std::min(delay, k_max_delay);
}

std::string recipients(const OutboxItem& item) {
  std::string out;
  for (const std::string& to : item.to) out += (out.empty() ? "" : ",") + to;
  return out;
}

// One address at a time, after the whole notice was refused for good.
SendResult send_one_by_one(const SmtpClient& smtp, const OutboxItem& item) {
  std::string delivered, refused;
  bool any_temporary = false;
  for (const std::string& to : item.to) {
    SendResult one = smtp.send(item.from, {to}, item.bytes);
    if (one.kind == SendResult::Kind::sent) {
      delivered += (delivered.empty() ? "" : ",") + to;
    } else {
      refused += (refused.empty() ? "" : "; ") + to + ": " + one.reply;
      any_temporary = any_temporary || one.kind == SendResult::Kind::temporary;
    }
  }
  if (!delivered.empty()) return {SendResult::Kind::sent, 250, "delivered to " + delivered + "; refused " + refused};
  return {any_temporary ? SendResult::Kind::temporary : SendResult::Kind::permanent, 0, refused};
}

// libcurl 7.88 cannot tell which recipient the server refused, and one
// refused RCPT stops the whole transaction: so a notice refused for good
// is tried address by address, and one dead address of a customer does
// not silence the others.
SendResult send_notice(const SmtpClient& smtp, const OutboxItem& item) {
  SendResult r = smtp.send(item.from, item.to, item.bytes);
  if (r.kind != SendResult::Kind::permanent || item.to.size() < 2) return r;
  return send_one_by_one(smtp, item);
}

}  // namespace

DeliveryStats deliver_outbox(Store& store, const SmtpClient& smtp, UnixTime now,
                             const std::function<void(const std::string&)>& log) {
  DeliveryStats stats;
  for (const OutboxItem& item : store.due(now)) {
    SendResult r = send_notice(smtp, item);
    std::string what = "notice " + std::to_string(item.id) + " " + item.ticket + " to " + recipients(item);
    if (r.kind == SendResult::Kind::sent) {
      store.mark_sent(item.id, r.reply, now);
      ++stats.sent;
      log(what + ": sent (" + r.reply + ")");
    } else if (r.kind == SendResult::Kind::temporary && item.attempts + 1 < k_max_attempts) {
      store.mark_retry(item.id, r.reply, now + backoff(item.attempts));
      ++stats.retrying;
      log(what + ": will retry (" + r.reply + ")");
    } else {
      store.mark_failed(item.id, r.reply, now);
      ++stats.failed;
      log(what + ": FAILED (" + r.reply + ")");
    }
  }
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

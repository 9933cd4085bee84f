#include <algorithm>
#include <fstream>

#include "certbund/pipeline.hpp"

namespace certbund {

namespace {

constexpr int k_max_attempts = 30;              // about four days at the capped delay
constexpr UnixTime k_first_delay = 60;          // seconds
constexpr UnixTime k_max_delay = 4 * 60 * 60;   // seconds

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

}  // namespace

DeliveryStats deliver_outbox(Store& store, const SmtpClient& smtp, UnixTime now,
                             const std::function<void(const std::string&)>& log) {
  DeliveryStats stats;
  for (const OutboxItem& item : store.due(now)) {
    SendResult r = smtp.send(item.from, item.to, item.bytes);
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
    if (item.status != "queued") continue;
    std::ofstream(dir / (std::to_string(item.id) + ".eml"), std::ios::binary) << item.bytes;
    ++count;
  }
  return count;
}

}  // namespace certbund

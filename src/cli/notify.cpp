#include <iostream>

#include "certbund/pipeline.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace certbund::cli {

int notify(const Global& g, bool dry_run) {
  Config config = load(g);
  Store store(config.database_path, config.busy_timeout_ms);
  if (dry_run) {
    std::size_t n = write_dry_run(store, config.dry_run_dir);
    std::cout << n << " queued notices written to " << config.dry_run_dir.string() << " (nothing sent)\n";
    return 0;
  }
  SmtpClient smtp(config.smtp);
  DeliveryStats stats = deliver_outbox(store, smtp, now(), [&](const std::string& l) { log_line(g, l); });
  log_line(g, std::to_string(stats.sent) + " sent, " + std::to_string(stats.retrying) + " to retry, " +
                  std::to_string(stats.failed) + " failed");
  // A notice left for a retry is not lost, but cron should hear of it.
  return stats.retrying > 0 ? static_cast<int>(Exit::temp_fail) : 0;
}

int outbox(const Global& g, Format format) {
  Config config = load(g);
  Store store(config.database_path, config.busy_timeout_ms);
  Table t{{"id", "status", "customer", "ticket", "to", "attempts", "next_try", "reply"}, {}};
  for (const OutboxItem& item : store.outbox()) {
    std::string to;
    for (const std::string& r : item.to) to += (to.empty() ? "" : ";") + r;
    t.rows.push_back({std::to_string(item.id), item.status, item.customer, item.ticket, to,
                      std::to_string(item.attempts), item.status == "queued" ? format_iso8601(item.next_try) : "",
                      item.last_reply});
  }
  if (format == Format::csv) print_csv(std::cout, t);
  else print_table(std::cout, t);
  return 0;
}

}  // namespace certbund::cli

#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
#include "output.hpp"

namespace certbund::cli {

int notify(const Global& g, bool dry_run) {
  Context ctx(g);
  if (dry_run) {
    std::size_t n = write_dry_run(ctx.store, ctx.config.dry_run_dir);
    std::cout << n << " queued notices written to " << ctx.config.dry_run_dir.string() << " (nothing sent)\n";
    return 0;
  }
  SmtpClient smtp(ctx.config.smtp);
  resolve_not_seen(g, ctx.store, ctx.config);
  DeliveryStats stats = deliver_outbox(ctx.store, smtp, now(), [&](const std::string& l) { log_line(g, l); });
  log_line(g, std::to_string(stats.sent) + " sent, " + std::to_string(stats.retrying) + " to retry, " +
                  std::to_string(stats.failed) + " failed");
  DigestResult digest = send_escalation_digest(ctx.store, ctx.config, smtp, now());
  if (digest.tried) log_line(g, digest.summary(ctx.config.desk_address));
  if (digest.tried && digest.kind == SendResult::Kind::temporary) return static_cast<int>(Exit::temp_fail);
  // A notice left for a retry is not lost, but cron should hear of it.
  return stats.retrying > 0 ? static_cast<int>(Exit::temp_fail) : 0;
}

}  // namespace certbund::cli

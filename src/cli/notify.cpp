#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace certbund::cli {

namespace {

// "3 sent, 1 failed, 2 waiting to retry (next at ...), 1 in doubt (...)".
std::string summary(const DeliveryStats& s) {
  std::string line = std::to_string(s.sent) + " sent, " + std::to_string(s.failed) + " failed, " +
                     std::to_string(s.retrying) + " waiting to retry";
  if (s.next_retry) line += " (next at " + format_iso8601(*s.next_retry) + ")";
  line += ", " + std::to_string(s.waiting_in_doubt) + " in doubt";
  if (s.waiting_in_doubt > 0) line += " (certbund outbox; outbox retry ID to send again)";
  return line;
}

}  // namespace

int notify(const Global& g, bool dry_run, bool ignore_backoff, bool from_command) {
  Context ctx(g);
  if (dry_run) {
    std::size_t n = write_dry_run(ctx.store, ctx.config.dry_run_dir);
    std::cout << n << " queued notices written to " << ctx.config.dry_run_dir.string() << " (nothing sent)\n";
    return 0;
  }
  SmtpClient smtp(ctx.config.smtp);
  resolve_not_seen(g, ctx.store, ctx.config);
  const DeliveryOptions options{ignore_backoff, ctx.config.resend_in_doubt};
  DeliveryStats stats = deliver_outbox(
      ctx.store, smtp, now(),
      [&](const std::string& line, bool problem) { problem ? problem_line(line) : log_line(g, line); }, options,
      [](std::size_t done, std::size_t total) { Progress::line().show("notify", done, total); });
  Progress::line().clear();
  const bool waiting = stats.next_retry.has_value() || stats.waiting_in_doubt > 0;
  // A person must hear of a failed notice or one in doubt, even with -q.
  if (stats.failed > 0 || stats.waiting_in_doubt > 0) problem_line(summary(stats));
  else log_line(g, summary(stats));
  DigestResult digest = send_escalation_digest(ctx.store, ctx.config, smtp, now());
  if (digest.tried) log_line(g, digest.summary(ctx.config.desk_address));
  // After ingest the mail is stored, whatever became of its notices: an
  // MTA must not bounce it.
  if (stats.failed > 0 && from_command) return static_cast<int>(Exit::data);
  if (waiting || (digest.tried && digest.kind == SendResult::Kind::temporary)) return static_cast<int>(Exit::temp_fail);
  return 0;
}

}  // namespace certbund::cli

// certbund purge: deletes what abuse mail holds of incidents resolved
// longer ago than the desk keeps it (retention.days, or --older-than), and
// says what first.

#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"

namespace certbund::cli {

namespace {

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string counted(const PurgeCounts& c) {
  return plural(c.incidents, "incident", "incidents") + ", " + plural(c.events, "event", "events") + ", " +
         plural(c.notices, "notice", "notices") + ", " + plural(c.mails, "raw mail", "raw mails");
}

// The retention period: --older-than, else retention.days.
UnixTime retention(const Config& config, const std::optional<std::string>& older_than) {
  if (older_than) {
    auto d = parse_duration(*older_than);
    if (!d) throw Failure(Exit::usage, "purge --older-than: \"" + *older_than + "\" is not a duration (90d, 12w, 1y)");
    return *d;
  }
  if (config.retention_days > 0) return config.retention_days * k_day_seconds;
  throw Failure(Exit::usage, "purge: give --older-than DURATION, or set retention.days in " + config.file.string());
}

}  // namespace

int purge(const Global& g, const std::optional<std::string>& older_than, bool dry_run) {
  Context ctx(g);
  const UnixTime at = now();
  const UnixTime before = at - retention(ctx.config, older_than);
  const std::string what = "incidents resolved before " + format_iso8601(before);
  const PurgeCounts plan = ctx.store.purge_plan(before);
  std::cout << (dry_run ? "would delete " : "deleting ") << counted(plan) << " (" << what << ")\n";
  if (dry_run) return 0;
  const PurgeCounts done = ctx.store.purge(before, at);
  std::cout << "deleted " << counted(done) << "; stats keeps their counts\n";
  return 0;
}

void resolve_not_seen(const Global& g, Store& store, const Config& config) {
  if (std::size_t n = auto_resolve(store, config, now())) {
    log_line(g, plural(static_cast<std::int64_t>(n), "incident", "incidents") + " resolved: not seen again for " +
                    std::to_string(config.auto_resolve_days) + " days");
  }
}

}  // namespace certbund::cli

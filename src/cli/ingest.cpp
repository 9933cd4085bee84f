#include <csignal>
#include <functional>
#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
#include "progress.hpp"

namespace certbund::cli {

namespace {

// SIGINT/SIGTERM only set a flag: the loop stops between two mails, never
// inside one.
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// Logs every mail (only the ones needing attention when quiet, with a
// progress count on a terminal) and stops on SIGINT/SIGTERM.
class CliObserver : public IngestObserver {
 public:
  explicit CliObserver(const Global& g) : g_(g) {}
  UnixTime now() override { return cli::now(); }
  bool stop_requested() override { return g_stop != 0; }
  void on_mail(const RawMessage& message, const MailOutcome& outcome) override {
    so_far_.add(outcome);
    if (!g_.quiet || needs_attention(outcome)) problem_line(describe(message.origin, outcome));
    Progress::line().show("ingest", so_far_.mails, 0, mail_counts(so_far_));
  }

 private:
  const Global& g_;
  IngestTotals so_far_;
};

// Opens one source when its turn comes, so a source that fails to open
// stops the run after the ones before it were read.
using Opener = std::function<Result<std::unique_ptr<Source>>()>;

int run(const Global& g, const std::vector<Opener>& openers) {
  Context ctx(g);
  Pipeline pipeline(ctx.config, ctx.store);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  pipeline.recover_pending(now(), [&](const std::string& line) { log_line(g, line); });
  CliObserver observer(g);
  IngestTotals totals;
  for (std::size_t i = 0; i < openers.size() && !g_stop; ++i) {
    auto source = openers[i]();
    if (!source) throw Failure(source.error());
    totals += pipeline.ingest_all(**source, observer);
  }
  Progress::line().clear();
  if (totals.mails > 1 || g_stop) log_line(g, totals.summary());
  resolve_not_seen(g, ctx.store, ctx.config);
  if (g_stop) throw Failure(Exit::temp_fail, "interrupted; run again to go on");
  if (ctx.config.notify_on_ingest && totals.notices > 0) return notify(g, false);
  return 0;
}

Opener path_opener(const std::string& path) {
  return [path] { return open_source(path); };
}

}  // namespace

int ingest(const Global& g, const std::vector<std::string>& paths) {
  std::vector<Opener> openers;
  for (const std::string& path : paths) openers.push_back(path_opener(path));
  if (openers.empty()) openers.push_back(path_opener("-"));
  return run(g, openers);
}

}  // namespace certbund::cli

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

Opener path_opener(const std::string& path) {
  return [path] { return open_source(path); };
}

// Ingests every source in turn. With `notify_later`, a notify that
// notify.on_ingest asks for is left to the caller (set true when due).
int run(const Global& g, const std::vector<Opener>& openers, bool* notify_later = nullptr) {
  Context ctx(g);
  Pipeline pipeline(ctx.config, ctx.store);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto log = [&](const std::string& line) { log_line(g, line); };
  if (notify_later == nullptr) pipeline.recover_pending(now(), log);
  CliObserver observer(g);
  IngestTotals totals;
  for (std::size_t i = 0; i < openers.size() && !g_stop; ++i) {
    auto source = openers[i]();
    if (!source) throw Failure(source.error());
    totals += pipeline.ingest_all(**source, observer);
  }
  Progress::line().clear();
  if (totals.mails > 1 || g_stop) log_line(g, totals.summary());
  if (notify_later == nullptr) {
    resolve_not_seen(g, ctx.store, ctx.config);
  } else {
    // The MTA's mail is stored: what follows cannot fail it. A pending
    // mail left by a crash is finished only now, so that even one that
    // fails (or crashes) again never keeps the MTA's mail out.
    try {
      pipeline.recover_pending(now(), log);
    } catch (const Failure& e) {
      log_line(g, std::string("pending mails left for the next run: ") + e.what());
    }
    try {
      resolve_not_seen(g, ctx.store, ctx.config);
    } catch (const Failure& e) {
      log_line(g, e.what());
    }
  }
  if (g_stop) throw Failure(Exit::temp_fail, "interrupted; run again to go on");
  if (ctx.config.notify_on_ingest && totals.notices > 0) {
    if (notify_later == nullptr) return notify(g, false);
    *notify_later = true;
  }
  return 0;
}

// After the mail is stored, nothing that follows may fail its delivery:
// a notice left queued is sent by the next notify.
int notify_after_stored(const Global& g) {
  try {
    if (int rc = notify(g, false); rc != 0) log_line(g, "notify: notices left queued for the next notify");
  } catch (const std::exception& e) {
    log_line(g, std::string("notify: ") + e.what() + "; notices left queued for the next notify");
  }
  return 0;
}

// `ingest -` is what an MTA, procmail or maildrop runs for one mail. Every
// failure there is ours, not the mail's (a config, database or disk
// problem, a bug): exit 75 (EX_TEMPFAIL) makes the MTA keep the mail and
// retry, where any other code would bounce the report back to CERT-Bund.
int run_stdin(const Global& g) {
  try {
    bool notify_later = false;
    int rc = run(g, {path_opener("-")}, &notify_later);
    if (notify_later) return notify_after_stored(g);
    return rc;
  } catch (const Failure& e) {
    if (e.exit() == Exit::temp_fail) throw;
    throw Failure(Exit::temp_fail, std::string(e.what()) + " (mail not taken; the sender retries)");
  } catch (const std::bad_alloc&) {
    throw Failure(Exit::temp_fail, "out of memory (mail not taken; the sender retries)");
  }
}

}  // namespace

int ingest(const Global& g, const std::vector<std::string>& paths) {
  if (paths.empty() || paths == std::vector<std::string>{"-"}) return run_stdin(g);
  std::vector<Opener> openers;
  for (const std::string& path : paths) openers.push_back(path_opener(path));
  return run(g, openers);
}

}  // namespace certbund::cli

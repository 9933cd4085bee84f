// certbund poll: what cron runs. One run at a time (a lock beside the
// database), only what is new in each mailbox, one summary line each.

#include <csignal>
#include <filesystem>
#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
#include "progress.hpp"

namespace certbund::cli {

namespace {

// SIGINT/SIGTERM only set a flag: the run stops between two mails.
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// One line per mail with -v; otherwise only the mails a person must look at.
class PollObserver : public IngestObserver {
 public:
  explicit PollObserver(const Global& g) : g_(g) {}
  UnixTime now() override { return cli::now(); }
  bool stop_requested() override { return g_stop != 0; }
  void on_mail(const RawMessage& message, const MailOutcome& outcome) override {
    so_far_.add(outcome);
    if (g_.verbose || needs_attention(outcome)) problem_line(describe(message.origin, outcome));
    Progress::line().show("poll", so_far_.mails, 0, mail_counts(so_far_));
  }

 private:
  const Global& g_;
  IngestTotals so_far_;
};

// The first line of the mailbox's password_file, trimmed.
std::string imap_password(const Config& config, const Mailbox& box) {
  std::string where = config.file.string() + ": mailbox " + box.url;
  if (box.password_file.empty()) throw Failure(Exit::config, where + ": no password_file");
  auto password = read_password_file(box.password_file);
  if (!password) throw Failure(Exit::config, where + ": " + password.error().message);
  return *password;
}

// "imaps://abuse@host/INBOX" without a password written into the URL.
std::string shown_url(const std::string& url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const std::size_t host_end = url.find('/', scheme + 3);
  const std::size_t at = url.rfind('@', host_end);
  if (at == std::string::npos || at < scheme) return url;
  const std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

IngestTotals poll_mailbox(Pipeline& pipeline, const Config& config, const Mailbox& box, IngestObserver& observer) {
  if (box.url.empty()) return pipeline.poll_path(box.path, observer);
  auto source = open_imap_source(box.url, "", imap_password(config, box), box.tls);
  if (!source) throw Failure(source.error());
  return pipeline.ingest_all(**source, observer);
}

// The lock file beside the database.
std::string lock_path(const Config& config) { return config.database_path.string() + ".lock"; }

}  // namespace

int poll(const Global& g) {
  Config config = load(g);
  if (config.mailboxes.empty()) throw Failure(Exit::config, config.file.string() + ": no [[mailbox]] to poll");
  // The lock beside the database would make its folder: init does that.
  Store store(config.database_path, config.busy_timeout_ms, StoreMode::write);
  const std::string lock_file = lock_path(config);
  auto lock = FileLock::try_lock(lock_file);
  if (!lock) throw Failure(lock.error());
  if (!*lock) {
    log_line(g, "poll: another poll is running (" + lock_file + " is locked); nothing to do");
    return 0;
  }
  Pipeline pipeline(config, store);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  pipeline.recover_pending(now(), [&](const std::string& line) { log_line(g, line); });
  PollObserver observer(g);
  IngestTotals totals;
  for (const Mailbox& box : config.mailboxes) {
    if (g_stop) break;
    IngestTotals read = poll_mailbox(pipeline, config, box, observer);
    Progress::line().clear();
    const std::string name = box.url.empty() ? box.path.string() : shown_url(box.url);
    log_line(g, name + ": " + (read.mails == 0 ? std::string("nothing new") : read.summary()));
    totals += read;
  }
  if (g_stop) throw Failure(Exit::temp_fail, "interrupted; run again to go on");
  resolve_not_seen(g, store, config);
  if (config.notify_on_ingest && totals.notices > 0) return notify(g, false);
  return 0;
}

}  // namespace certbund::cli

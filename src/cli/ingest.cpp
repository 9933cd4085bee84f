#include <csignal>
#include <functional>
#include <iostream>
#include <unistd.h>

#include "certbund/pipeline.hpp"
#include "commands.hpp"

namespace certbund::cli {

namespace {

// SIGINT/SIGTERM only set a flag: the loop stops between two mails, never
// inside one.
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

struct Totals {
  std::size_t mails = 0, duplicates = 0, verified = 0, rejected = 0, review = 0, notices = 0;
  void add(const MailOutcome& o) {
    ++mails;
    if (o.duplicate) ++duplicates;
    else if (o.verdict != Verdict::verified) ++rejected;
    else ++verified;
    if (!o.duplicate && o.status == "needs_review") ++review;
    notices += o.notices;
  }
  std::string summary() const {
    return std::to_string(mails) + " mails: " + std::to_string(verified) + " verified, " +
           std::to_string(rejected) + " not verified (kept), " + std::to_string(review) + " need review, " +
           std::to_string(duplicates) + " already stored; " + std::to_string(notices) + " notices queued";
  }
};

void progress(const Totals& totals) {
  if (isatty(STDERR_FILENO) && totals.mails % 100 == 0) {
    std::cerr << "\rcertbund: " << totals.mails << " mails..." << std::flush;
  }
}

void drain(Source& source, Pipeline& pipeline, const Global& g, Totals& totals) {
  while (!g_stop) {
    auto next = source.next();
    if (!next) throw Failure(next.error());
    if (!*next) return;
    const RawMessage& message = **next;
    MailOutcome outcome = pipeline.ingest(message.bytes, message.origin, now());
    source.processed(message);
    totals.add(outcome);
    bool problem = !outcome.duplicate && (outcome.verdict != Verdict::verified || outcome.status == "needs_review");
    if (!g.quiet || problem) std::cerr << "certbund: " << describe(message.origin, outcome) << '\n';
    else progress(totals);
  }
}

// Opens one source when its turn comes, so a source that fails to open
// stops the run after the ones before it were read.
using Opener = std::function<Result<std::unique_ptr<Source>>()>;

int run(const Global& g, const std::vector<Opener>& openers) {
  Config config = load(g);
  Store store(config.database_path, config.busy_timeout_ms);
  Pipeline pipeline(config, store);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  pipeline.recover_pending(now(), [&](const std::string& line) { log_line(g, line); });
  Totals totals;
  for (std::size_t i = 0; i < openers.size() && !g_stop; ++i) {
    auto source = openers[i]();
    if (!source) throw Failure(source.error());
    drain(**source, pipeline, g, totals);
  }
  if (totals.mails > 1 || g_stop) log_line(g, totals.summary());
  if (g_stop) throw Failure(Exit::temp_fail, "interrupted; run again to go on");
  if (config.notify_on_ingest && totals.notices > 0) return notify(g, false);
  return 0;
}

Opener path_opener(const std::string& path) {
  return [path] { return open_source(path); };
}

// The first line of the mailbox's password_file, trimmed.
std::string imap_password(const Config& config, const Mailbox& box) {
  std::string where = config.file.string() + ": mailbox " + box.url;
  if (box.password_file.empty()) throw Failure(Exit::config, where + ": no password_file");
  auto password = read_password_file(box.password_file);
  if (!password) throw Failure(Exit::config, where + ": " + password.error().message);
  return *password;
}

Opener imap_opener(const Config& config, const Mailbox& box) {
  return [url = box.url, password = imap_password(config, box)] { return open_imap_source(url, "", password); };
}

}  // namespace

int ingest(const Global& g, const std::vector<std::string>& paths) {
  std::vector<Opener> openers;
  for (const std::string& path : paths) openers.push_back(path_opener(path));
  if (openers.empty()) openers.push_back(path_opener("-"));
  return run(g, openers);
}

int poll(const Global& g) {
  Config config = load(g);
  std::vector<Opener> openers;
  for (const Mailbox& box : config.mailboxes) {
    openers.push_back(box.url.empty() ? path_opener(box.path.string()) : imap_opener(config, box));
  }
  if (openers.empty()) throw Failure(Exit::config, config.file.string() + ": no [[mailbox]] to poll");
  return run(g, openers);
}

}  // namespace certbund::cli

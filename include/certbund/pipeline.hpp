#pragma once
// pipeline: wires the stages for one mail (source -> message -> signature
// -> report -> store -> owners -> notices -> outbox) and delivers the
// outbox over SMTP. Counts and logs what happened to every mail.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "certbund/config.hpp"
#include "certbund/notices.hpp"
#include "certbund/signature.hpp"
#include "certbund/smtp.hpp"
#include "certbund/source.hpp"
#include "certbund/store.hpp"

namespace certbund {

struct MailOutcome {
  std::int64_t mail_id = 0;
  bool duplicate = false;        // the same bytes were stored and processed before
  Verdict verdict = Verdict::unsigned_;
  std::string status;            // the mail's status after processing
  std::string ticket, service;
  std::size_t rows = 0, new_events = 0, unassigned = 0, notices = 0;
  std::string detail;            // the verifier's reason when not verified
  std::vector<std::string> problems;  // why the report needs review
};

// One line for the log: "ORIGIN: mail 12 verified CB-Report#... redis: ...",
// with control characters and bidi overrides escaped (escape_controls).
std::string describe(const std::string& origin, const MailOutcome& outcome);

class Pipeline {
 public:
  Pipeline(const Config& config, Store& store);
  ~Pipeline();

  // Stores `raw` (first, in its own transaction, so nothing is lost), then
  // verifies, parses and records it with its notices in one transaction.
  // The same bytes again change nothing.
  MailOutcome ingest(const std::string& raw, const std::string& origin, UnixTime now);
  // Verifies and parses stored mail `mail_id` again (after an upgrade, or
  // once a signer's key is in the keyring): its new report is the one that
  // counts, new rows become events and notices, duplicates stay duplicates.
  // Throws Failure(Exit::no_input) for an unknown id.
  MailOutcome reparse(std::int64_t mail_id, UnixTime now);
  // Finishes mails a crash left "pending".
  std::size_t recover_pending(UnixTime now, const std::function<void(const std::string&)>& log);

 private:
  MailOutcome process(std::int64_t mail_id, const std::string& raw, const std::string& subject,
                      UnixTime now);
  std::size_t queue_notices(std::int64_t report_id, const Report& report,
                            const std::vector<EventOutcome>& outcomes, UnixTime now);

  const Config& config_;
  Store& store_;
  Verifier verifier_;
  std::unique_ptr<NoticeRenderer> renderer_;  // made on first use: ingest works without templates
};

struct DeliveryStats {
  std::size_t sent = 0, retrying = 0, failed = 0;
};

// Sends every due outbox item; a temporary failure is retried later with
// exponential backoff, a permanent one is marked failed with the reply.
DeliveryStats deliver_outbox(Store& store, const SmtpClient& smtp, UnixTime now,
                             const std::function<void(const std::string&)>& log);

// Writes every queued item as DIR/<id>.eml; marks nothing. Returns the count.
std::size_t write_dry_run(Store& store, const std::filesystem::path& dir);

}  // namespace certbund

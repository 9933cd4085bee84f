#pragma once
// The states a mail, a signature, an incident and an outbox item can be
// in, shared by every stage (part of util). Code passes the enums; their
// names below appear only where text is needed: the store's SQL columns
// and the command line's output (table, CSV, JSON), which keep these
// exact spellings. Each *_from_string is the inverse of its to_string and
// returns nullopt for anything else.

#include <optional>
#include <string_view>
#include <vector>

namespace certbund {

// What the signature check found (signature stage).
enum class Verdict {
  verified,
  unsigned_,  // "unsigned"
  bad_signature,
  unknown_key,
  untrusted_key,
  expired_key,
  revoked_key,
};
std::string_view to_string(Verdict v);  // "verified", "unsigned", "bad_signature", ...
std::optional<Verdict> verdict_from_string(std::string_view s);

enum class SignatureKind { none, pgp_mime, pgp_inline, smime };
std::string_view to_string(SignatureKind k);  // "none", "pgp/mime", "pgp/inline", "s/mime"
std::optional<SignatureKind> signature_kind_from_string(std::string_view s);

// Where a stored mail stands: pending (stored, not processed yet: a crash
// happened), parsed (by certbund, or from the rows a person read),
// needs_review (verified, but its report waits for a person), rejected
// (signature not verified), dismissed (a person looked and let it be),
// duplicate (a signed report stored before, come again under other
// headers or line endings: kept, nothing made of it).
enum class MailStatus { pending, parsed, needs_review, rejected, dismissed, duplicate };
// "pending", "parsed", "needs_review", "rejected", "dismissed", "duplicate"
std::string_view to_string(MailStatus s);
std::optional<MailStatus> mail_status_from_string(std::string_view s);

enum class IncidentStatus { open, resolved };
std::string_view to_string(IncidentStatus s);  // "open", "resolved"
std::optional<IncidentStatus> incident_status_from_string(std::string_view s);

// A step of an incident's status history: opened (by a scan), resolved
// (by a person), reopened (by a later scan or a person).
enum class IncidentAction { opened, resolved, reopened };
std::string_view to_string(IncidentAction a);  // "opened", "resolved", "reopened"
std::optional<IncidentAction> incident_action_from_string(std::string_view s);

// What a person did with a mail that needed review: gave the rows they
// read, or dismissed it.
enum class ReviewAction { rows, dismissed };
std::string_view to_string(ReviewAction a);  // "rows", "dismissed"
std::optional<ReviewAction> review_action_from_string(std::string_view s);

// A notice in the outbox: queued (to send, maybe after a retry), sent,
// failed for good, cancelled before it was sent, sending (claimed by one
// notify run, which talks to the server now), or in_doubt (still sending
// when its run died: the server may have it; the desk decides).
enum class OutboxStatus { queued, sent, failed, cancelled, sending, in_doubt };
// "queued", "sent", "failed", "cancelled", "sending", "in_doubt"
std::string_view to_string(OutboxStatus s);
std::optional<OutboxStatus> outbox_status_from_string(std::string_view s);

// One address of a notice: queued (to try, maybe again after a 4xx),
// sending (in the attempt under way, or in doubt with its notice), sent
// (the server took it), failed (refused for good, 5xx).
enum class RecipientStatus { queued, sending, sent, failed };
std::string_view to_string(RecipientStatus s);  // "queued", "sending", "sent", "failed"
std::optional<RecipientStatus> recipient_status_from_string(std::string_view s);

// Every name of a kind of state, in the order declared: for messages
// that list the valid values.
std::vector<std::string_view> verdict_names();
std::vector<std::string_view> mail_status_names();
std::vector<std::string_view> incident_status_names();
std::vector<std::string_view> outbox_status_names();

}  // namespace certbund

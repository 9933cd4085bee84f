#include "certbund/states.hpp"

#include <array>
#include <utility>

namespace certbund {

namespace {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E value) {
  for (auto [v, name] : names) {
    if (v == value) return name;
  }
  return names[0].second;  // unreachable for a valid enum value
}

template <class E, std::size_t N>
std::optional<E> value_of(const Names<E, N>& names, std::string_view text) {
  for (auto [v, name] : names) {
    if (name == text) return v;
  }
  return std::nullopt;
}

constexpr Names<Verdict, 7> k_verdicts{{
    {Verdict::verified, "verified"},
    {Verdict::unsigned_, "unsigned"},
    {Verdict::bad_signature, "bad_signature"},
    {Verdict::unknown_key, "unknown_key"},
    {Verdict::untrusted_key, "untrusted_key"},
    {Verdict::expired_key, "expired_key"},
    {Verdict::revoked_key, "revoked_key"},
}};

constexpr Names<SignatureKind, 4> k_kinds{{
    {SignatureKind::none, "none"},
    {SignatureKind::pgp_mime, "pgp/mime"},
    {SignatureKind::pgp_inline, "pgp/inline"},
    {SignatureKind::smime, "s/mime"},
}};

constexpr Names<MailStatus, 6> k_mail_states{{
    {MailStatus::pending, "pending"},
    {MailStatus::parsed, "parsed"},
    {MailStatus::needs_review, "needs_review"},
    {MailStatus::rejected, "rejected"},
    {MailStatus::dismissed, "dismissed"},
    {MailStatus::duplicate, "duplicate"},
}};

constexpr Names<IncidentStatus, 2> k_incident_states{{
    {IncidentStatus::open, "open"},
    {IncidentStatus::resolved, "resolved"},
}};

constexpr Names<IncidentAction, 3> k_incident_actions{{
    {IncidentAction::opened, "opened"},
    {IncidentAction::resolved, "resolved"},
    {IncidentAction::reopened, "reopened"},
}};

constexpr Names<ReviewAction, 2> k_review_actions{{
    {ReviewAction::rows, "rows"},
    {ReviewAction::dismissed, "dismissed"},
}};

constexpr Names<OutboxStatus, 6> k_outbox_states{{
    {OutboxStatus::queued, "queued"},
    {OutboxStatus::sent, "sent"},
    {OutboxStatus::failed, "failed"},
    {OutboxStatus::cancelled, "cancelled"},
    {OutboxStatus::sending, "sending"},
    {OutboxStatus::in_doubt, "in_doubt"},
}};

constexpr Names<RecipientStatus, 4> k_recipient_states{{
    {RecipientStatus::queued, "queued"},
    {RecipientStatus::sending, "sending"},
    {RecipientStatus::sent, "sent"},
    {RecipientStatus::failed, "failed"},
}};

template <class E, std::size_t N>
std::vector<std::string_view> all_names(const Names<E, N>& names) {
  std::vector<std::string_view> out;
  for (const auto& entry : names) out.push_back(entry.second);
  return out;
}

}  // namespace

std::vector<std::string_view> verdict_names() { return all_names(k_verdicts); }
std::vector<std::string_view> mail_status_names() { return all_names(k_mail_states); }
std::vector<std::string_view> incident_status_names() { return all_names(k_incident_states); }
std::vector<std::string_view> outbox_status_names() { return all_names(k_outbox_states); }

std::string_view to_string(Verdict v) { return name_of(k_verdicts, v); }
std::optional<Verdict> verdict_from_string(std::string_view s) { return value_of(k_verdicts, s); }

std::string_view to_string(SignatureKind k) { return name_of(k_kinds, k); }
std::optional<SignatureKind> signature_kind_from_string(std::string_view s) { return value_of(k_kinds, s); }

std::string_view to_string(MailStatus s) { return name_of(k_mail_states, s); }
std::optional<MailStatus> mail_status_from_string(std::string_view s) { return value_of(k_mail_states, s); }

std::string_view to_string(IncidentStatus s) { return name_of(k_incident_states, s); }
std::optional<IncidentStatus> incident_status_from_string(std::string_view s) { return value_of(k_incident_states, s); }

std::string_view to_string(IncidentAction a) { return name_of(k_incident_actions, a); }
std::optional<IncidentAction> incident_action_from_string(std::string_view s) {
  return value_of(k_incident_actions, s);
}

std::string_view to_string(ReviewAction a) { return name_of(k_review_actions, a); }
std::optional<ReviewAction> review_action_from_string(std::string_view s) { return value_of(k_review_actions, s); }

std::string_view to_string(OutboxStatus s) { return name_of(k_outbox_states, s); }
std::optional<OutboxStatus> outbox_status_from_string(std::string_view s) { return value_of(k_outbox_states, s); }

std::string_view to_string(RecipientStatus s) { return name_of(k_recipient_states, s); }
std::optional<RecipientStatus> recipient_status_from_string(std::string_view s) {
  return value_of(k_recipient_states, s);
}

}  // namespace certbund

#include <doctest/doctest.h>

#include "certbund/states.hpp"

using namespace certbund;

namespace {

// Every value's name reads back as the value, and `names` are the names.
template <class E, class Parse>
void round_trip(std::initializer_list<E> values, Parse parse, std::initializer_list<std::string_view> names) {
  auto name = names.begin();
  for (E v : values) {
    CHECK(to_string(v) == *name++);
    CHECK(parse(to_string(v)) == v);
  }
  CHECK_FALSE(parse("").has_value());
  CHECK_FALSE(parse("Verified").has_value());
}

}  // namespace

TEST_CASE("states: the names stored and printed read back as the same state") {
  round_trip({Verdict::verified, Verdict::unsigned_, Verdict::bad_signature, Verdict::unknown_key,
              Verdict::untrusted_key, Verdict::expired_key, Verdict::revoked_key},
             verdict_from_string,
             {"verified", "unsigned", "bad_signature", "unknown_key", "untrusted_key", "expired_key", "revoked_key"});
  round_trip({SignatureKind::none, SignatureKind::pgp_mime, SignatureKind::pgp_inline, SignatureKind::smime},
             signature_kind_from_string, {"none", "pgp/mime", "pgp/inline", "s/mime"});
  round_trip({MailStatus::pending, MailStatus::parsed, MailStatus::needs_review, MailStatus::rejected,
              MailStatus::dismissed, MailStatus::duplicate},
             mail_status_from_string, {"pending", "parsed", "needs_review", "rejected", "dismissed", "duplicate"});
  round_trip({IncidentStatus::open, IncidentStatus::resolved}, incident_status_from_string, {"open", "resolved"});
  round_trip({IncidentAction::opened, IncidentAction::resolved, IncidentAction::reopened}, incident_action_from_string,
             {"opened", "resolved", "reopened"});
  round_trip({ReviewAction::rows, ReviewAction::dismissed}, review_action_from_string, {"rows", "dismissed"});
  round_trip({OutboxStatus::queued, OutboxStatus::sent, OutboxStatus::failed, OutboxStatus::cancelled,
              OutboxStatus::sending, OutboxStatus::in_doubt},
             outbox_status_from_string, {"queued", "sent", "failed", "cancelled", "sending", "in_doubt"});
  round_trip({RecipientStatus::queued, RecipientStatus::sending, RecipientStatus::sent, RecipientStatus::failed},
             recipient_status_from_string, {"queued", "sending", "sent", "failed"});
}

TEST_CASE("states: the names listed for messages are every state's name, in order") {
  CHECK(verdict_names().size() == 7);
  CHECK(verdict_names()[1] == "unsigned");
  CHECK(mail_status_names() ==
        std::vector<std::string_view>{"pending", "parsed", "needs_review", "rejected", "dismissed", "duplicate"});
  CHECK(incident_status_names() == std::vector<std::string_view>{"open", "resolved"});
  CHECK(outbox_status_names() ==
        std::vector<std::string_view>{"queued", "sent", "failed", "cancelled", "sending", "in_doubt"});
}

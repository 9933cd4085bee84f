#include "certbund/signature.hpp"

#include <array>
#include <utility>

namespace certbund {

namespace {
constexpr std::array<std::pair<Verdict, std::string_view>, 7> k_verdict_names{{
    {Verdict::verified, "verified"},
    {Verdict::unsigned_, "unsigned"},
    {Verdict::bad_signature, "bad_signature"},
    {Verdict::unknown_key, "unknown_key"},
    {Verdict::untrusted_key, "untrusted_key"},
    {Verdict::expired_key, "expired_key"},
    {Verdict::revoked_key, "revoked_key"},
}};
}  // namespace

std::string_view to_string(Verdict v) {
  for (auto [verdict, name] : k_verdict_names) {
    if (verdict == v) return name;
  }
  return "unsigned";
}

std::optional<Verdict> verdict_from_string(std::string_view s) {
  for (auto [verdict, name] : k_verdict_names) {
    if (name == s) return verdict;
  }
  return std::nullopt;
}

std::string_view to_string(SignatureKind k) {
  switch (k) {
    case SignatureKind::none: return "none";
    case SignatureKind::pgp_mime: return "pgp/mime";
    case SignatureKind::pgp_inline: return "pgp/inline";
    case SignatureKind::smime: return "s/mime";
  }
  return "none";
}

}  // namespace certbund

#include "certbund/signature.hpp"
#include "locate.hpp"

namespace certbund {

Verification unverified_content(std::string_view raw, MimeLimits mime_depth) {
  sig::SignedPart part = sig::locate_signed(raw);
  Verification v;
  v.kind = part.kind;
  v.detail = part.kind == SignatureKind::none ? "no signature" : "signature not checked";
  std::string plain = part.kind == SignatureKind::pgp_inline ? sig::strip_cleartext(part.cleartext) : "";
  v.content = sig::signed_content(raw, part, std::move(plain), mime_depth);
  sig::note_content_problems(v);
  return v;
}

}  // namespace certbund

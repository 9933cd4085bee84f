#pragma once
// Finds what a mail's signature covers, from the raw bytes alone.

#include <string>
#include <string_view>

#include "certbund/signature.hpp"

namespace certbund::sig {

struct SignedPart {
  SignatureKind kind = SignatureKind::none;
  // multipart/signed: the signed entity as stored (for parse_message) and
  // canonicalised to CRLF (for the verifier), and the decoded signature.
  std::string_view entity;
  std::string signed_crlf;
  std::string signature;
  // Inline: the cleartext block from BEGIN to END (decoded from the part's
  // transfer encoding) and that part's charset.
  std::string cleartext;
  std::string charset;
};

// PGP/MIME or S/MIME multipart/signed, at the top or one level down inside
// multipart/mixed (a list footer around it does not count), else a
// cleartext block in a text/plain part, else kind none.
SignedPart locate_signed(std::string_view raw);

// The plaintext of a cleartext block without verifying it: armor headers,
// signature and "- " dash-escapes removed, trailing blanks stripped as gpg does.
std::string strip_cleartext(std::string_view block);

// The message that the signed part holds, with the outer headers (subject,
// from, date, message id) that the report stage needs. Containers nested
// deeper than `mime_depth` are left out, as parse_message does.
Message signed_content(std::string_view raw, const SignedPart& part, std::string plaintext, MimeLimits mime_depth);

// Appends what parse_message left out of `v.content` to `v.detail`.
void note_content_problems(Verification& v);

// Uppercase, spaces and colons removed.
std::string normalise_fingerprint(std::string_view fpr);

}  // namespace certbund::sig

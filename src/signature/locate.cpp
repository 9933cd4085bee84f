#include "locate.hpp"

#include "certbund/message.hpp"
#include "certbund/util.hpp"
#include "mime.hpp"

namespace certbund::sig {

namespace {

constexpr std::string_view k_begin_cleartext = "-----BEGIN PGP SIGNED MESSAGE-----";
constexpr std::string_view k_end_signature = "-----END PGP SIGNATURE-----";

SignatureKind signed_kind(std::string_view content_type) {
  if (mime::media_type(content_type) != "multipart/signed") return SignatureKind::none;
  std::string protocol = to_lower(mime::header_param(content_type, "protocol"));
  if (protocol == "application/pgp-signature") return SignatureKind::pgp_mime;
  if (protocol == "application/pkcs7-signature" || protocol == "application/x-pkcs7-signature") {
    return SignatureKind::smime;
  }
  return SignatureKind::none;
}

SignedPart multipart_signed(const mime::Entity& e, SignatureKind kind, std::string_view type) {
  SignedPart part;
  part.kind = kind;
  auto parts = mime::multipart_parts(e.body, mime::header_param(type, "boundary"));
  // Broken structure (truncated, no signature part): it claims a signature,
  // so it goes to the verifier with an empty one and comes out bad.
  if (parts.empty()) return part;
  part.entity = parts[0];
  part.signed_crlf = to_crlf(parts[0]);
  if (parts.size() != 2) return part;
  auto sig = mime::split_entity(parts[1]);
  part.signature = decode_transfer_encoding(sig.body, mime::header_field(sig.headers, "Content-Transfer-Encoding"));
  return part;
}

// A cleartext block inside a (decoded) text/plain entity.
SignedPart cleartext_in(const mime::Entity& e) {
  SignedPart part;
  std::string text = decode_transfer_encoding(e.body, mime::header_field(e.headers, "Content-Transfer-Encoding"));
  size_t begin = text.find(k_begin_cleartext);
  if (begin == std::string::npos || (begin > 0 && text[begin - 1] != '\n')) return part;
  size_t end = text.find(k_end_signature, begin);
  end = end == std::string::npos ? text.size() : end + k_end_signature.size();
  part.kind = SignatureKind::pgp_inline;
  part.cleartext = text.substr(begin, end - begin) + "\n";
  part.charset = mime::header_param(mime::header_field(e.headers, "Content-Type"), "charset");
  return part;
}

SignedPart locate_in(const mime::Entity& e, bool top) {
  std::string type = mime::header_field(e.headers, "Content-Type");
  if (auto kind = signed_kind(type); kind != SignatureKind::none) return multipart_signed(e, kind, type);
  std::string media = mime::media_type(type);
  if (media == "text/plain") return cleartext_in(e);
  if (!top || media != "multipart/mixed") return {};
  auto parts = mime::multipart_parts(e.body, mime::header_param(type, "boundary"));
  for (auto p : parts) {  // a signed part first: a list footer must not win
    auto inner = mime::split_entity(p);
    if (auto kind = signed_kind(mime::header_field(inner.headers, "Content-Type")); kind != SignatureKind::none) {
      return locate_in(inner, false);
    }
  }
  for (auto p : parts) {
    if (auto found = locate_in(mime::split_entity(p), false); found.kind != SignatureKind::none) return found;
  }
  return {};
}

}  // namespace

SignedPart locate_signed(std::string_view raw) { return locate_in(mime::split_entity(raw), true); }

std::string strip_cleartext(std::string_view block) {
  std::string out;
  auto lines = split_lines(block);
  size_t i = 1;
  while (i < lines.size() && !trim(lines[i]).empty()) ++i;  // armor headers (Hash:)
  for (++i; i < lines.size() && !lines[i].starts_with("-----BEGIN PGP SIGNATURE-----"); ++i) {
    std::string_view line = lines[i];
    if (line.starts_with("- ")) line.remove_prefix(2);
    size_t last = line.find_last_not_of(" \t");
    out.append(line.substr(0, last == std::string_view::npos ? 0 : last + 1)).append("\n");
  }
  return out;
}

Message signed_content(std::string_view raw, const SignedPart& part, std::string plaintext, MimeLimits mime_depth) {
  if (part.kind == SignatureKind::none) return parse_message(raw, mime_depth);
  Message outer = parse_message(mime::split_entity(raw).headers);
  Message content;
  if (part.kind == SignatureKind::pgp_inline) {
    content = text_message(outer.subject, to_utf8(plaintext, part.charset.empty() ? "utf-8" : part.charset));
  } else {
    content = parse_message(part.entity, mime_depth);
  }
  content.subject = outer.subject;
  content.from = outer.from;
  content.date = outer.date;
  content.message_id = outer.message_id;
  return content;
}

void note_content_problems(Verification& v) {
  for (const std::string& p : v.content.problems) v.detail += (v.detail.empty() ? "" : "; ") + p;
}

std::string normalise_fingerprint(std::string_view fpr) {
  std::string out;
  for (char c : fpr) {
    if (c != ' ' && c != ':') out += c;
  }
  return to_upper(out);
}

}  // namespace certbund::sig

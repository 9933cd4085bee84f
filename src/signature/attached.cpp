// Design: a report forwarded "as attachment" (by a colleague's mail client
// or a ticket system) is a message/rfc822 part holding the whole original
// mail, CERT-Bund's signature included. Its bytes are cut out of the raw
// carrier exactly, never re-serialised (a signature covers bytes), so the
// pipeline can verify the attached mail as a mail of its own. What the
// attached mail itself carries is its own business: the walk stops there.

#include "certbund/signature.hpp"
#include "certbund/util.hpp"
#include "mime.hpp"

namespace certbund {

namespace {

// Deeper nesting than this is garbage or an attack, not a forward.
constexpr int k_max_depth = 8;

// message/rfc822, or a mail saved as a file and attached as such
// (application/octet-stream, "report.eml").
bool is_attached_mail(std::string_view headers, const std::string& media) {
  if (media == "message/rfc822") return true;
  std::string disposition = mime::header_field(headers, "Content-Disposition");
  std::string name = mime::header_param(disposition, "filename");
  if (name.empty()) name = mime::header_param(mime::header_field(headers, "Content-Type"), "name");
  return media == "application/octet-stream" && to_lower(name).ends_with(".eml");
}

void collect(const mime::Entity& e, std::vector<std::string>& out, int depth) {
  std::string type = mime::header_field(e.headers, "Content-Type");
  std::string media = mime::media_type(type);
  if (depth > 0 && is_attached_mail(e.headers, media)) {
    // RFC 2046 allows only 7bit, 8bit and binary here; some clients use
    // base64 all the same.
    out.push_back(decode_transfer_encoding(e.body, mime::header_field(e.headers, "Content-Transfer-Encoding")));
    return;
  }
  if (!media.starts_with("multipart/") || depth >= k_max_depth) return;
  for (std::string_view part : mime::multipart_parts(e.body, mime::header_param(type, "boundary"))) {
    collect(mime::split_entity(part), out, depth + 1);
  }
}

}  // namespace

std::vector<std::string> attached_mails(std::string_view raw) {
  std::vector<std::string> out;
  collect(mime::split_entity(raw), out, 0);
  return out;
}

}  // namespace certbund

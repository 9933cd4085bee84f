// Design: mimetic splits the message into its MIME tree and undoes the
// transfer encodings; everything it gets wrong or leaves out (header
// parameters, RFC 2047/2231, charsets, the RFC 2045 default type, two
// parser bugs) is done here and in the neighbouring files.

#include <mimetic/mimetic.h>

#include <algorithm>
#include <iterator>
#include <utility>

#include "capped_parser.hpp"
#include "certbund/message.hpp"
#include "certbund/util.hpp"
#include "header_params.hpp"
#include "mimetic_input.hpp"

namespace certbund {

namespace {

std::string field(const mimetic::Header& h, const std::string& name) {
  return h.hasField(name) ? h.field(name).value() : std::string();
}

// A missing or malformed Content-Type means text/plain (RFC 2045 §5.2).
HeaderValue content_type_of(const mimetic::Header& h) {
  HeaderValue ct = parse_header_value(field(h, "Content-Type"));
  if (ct.value.find('/') == std::string::npos) ct.value = "text/plain";
  return ct;
}

template <class Decoder>
std::string decoded(std::string_view body) {
  std::string out;
  Decoder decoder;
  mimetic::decode(body.begin(), body.end(), decoder, std::back_inserter(out));
  return out;
}

std::string transfer_decoded(const mimetic::MimeEntity& e) {
  return decode_transfer_encoding(e.body(), field(e.header(), "Content-Transfer-Encoding"));
}

// CRLF made LF in place: a part's text is not copied again for it.
std::string with_lf_line_ends(std::string s) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) s[out++] = s[i];
  }
  s.resize(out);
  return s;
}

bool is_signature(const std::string& type) {
  return type == "application/pgp-signature" || type == "application/pkcs7-signature" ||
         type == "application/x-pkcs7-signature";
}

std::string filename_of(const mimetic::Header& h, const HeaderValue& content_type) {
  std::string name = parse_header_value(field(h, "Content-Disposition")).param("filename");
  return name.empty() ? content_type.param("name") : name;
}

// Appends the text/plain and CSV leaves under `e` in document order. The
// recursion is as deep as the tree, which parse_capped has capped.
// Each leaf's encoded body is freed once decoded: a large report's text is
// not held encoded and decoded at once.
void collect(mimetic::MimeEntity& e, std::vector<Part>& parts) {
  HeaderValue ct = content_type_of(e.header());
  if (ct.value.starts_with("multipart/") || ct.value == "message/rfc822") {
    for (mimetic::MimeEntity* child : e.body().parts()) collect(*child, parts);
    return;
  }
  Part part{ct.value, filename_of(e.header(), ct), ""};
  if (is_signature(part.content_type) || (part.content_type != "text/plain" && !part.is_csv())) return;
  std::string decoded_text = transfer_decoded(e);
  std::string().swap(static_cast<std::string&>(e.body()));
  part.text = with_lf_line_ends(to_utf8_moved(std::move(decoded_text), ct.param("charset")));
  parts.push_back(std::move(part));
}

void read_headers(const mimetic::Header& h, Message& m) {
  m.subject = decode_rfc2047(field(h, "Subject"));
  m.from = decode_rfc2047(field(h, "From"));
  m.message_id = trim(field(h, "Message-ID"));
  m.date = trim(field(h, "Date"));
  m.content_type = content_type_of(h).value;
}

// The header block with its empty line, LF or CRLF; all of `raw` if none.
std::string_view header_block(std::string_view raw) {
  for (std::size_t at = raw.find('\n'); at != std::string_view::npos; at = raw.find('\n', at + 1)) {
    std::size_t next = at + 1;
    if (next < raw.size() && raw[next] == '\r') ++next;
    if (next < raw.size() && raw[next] == '\n') return raw.substr(0, next + 1);
  }
  return raw;
}

// `block` with every field cut to its first `max` bytes (continuation
// lines included), so that mimetic never sees a longer one.
std::string shortened_fields(std::string_view block, std::size_t max) {
  std::string out;
  std::size_t field = 0;  // bytes of the current field so far
  while (!block.empty()) {
    std::size_t nl = block.find('\n');
    std::string_view line = block.substr(0, nl == std::string_view::npos ? block.size() : nl + 1);
    block.remove_prefix(line.size());
    bool continuation = line.starts_with(' ') || line.starts_with('\t');
    if (!continuation) field = 0;
    if (field >= max) continue;
    std::size_t room = max - field;
    field += line.size();
    if (line.size() <= room) {
      out += line;
    } else {
      out += line.substr(0, room);
      out += '\n';
    }
  }
  return out;
}

std::size_t longest_line(std::string_view raw) {
  std::size_t longest = 0;
  while (!raw.empty()) {
    std::size_t nl = raw.find('\n');
    std::size_t length = nl == std::string_view::npos ? raw.size() : nl;
    longest = std::max(longest, length);
    raw.remove_prefix(nl == std::string_view::npos ? raw.size() : nl + 1);
  }
  return longest;
}

// The name and unfolded length of the longest field of a header block.
std::pair<std::string, std::size_t> longest_field(std::string_view block) {
  std::pair<std::string, std::size_t> longest{"", 0};
  std::string_view name;
  std::size_t length = 0;
  auto done = [&] {
    if (length > longest.second) longest = {std::string(name), length};
  };
  while (!block.empty()) {
    std::size_t nl = block.find('\n');
    std::string_view line = block.substr(0, nl == std::string_view::npos ? block.size() : nl);
    block.remove_prefix(nl == std::string_view::npos ? block.size() : nl + 1);
    if (line.starts_with(' ') || line.starts_with('\t')) {
      length += line.size();
      continue;
    }
    done();
    name = line.substr(0, std::min(line.find(':'), std::size_t{40}));
    length = line.size();
  }
  done();
  return longest;
}

}  // namespace

std::string unreadable_reason(std::string_view raw, std::size_t max_bytes, std::size_t max_header_bytes) {
  if (raw.size() > max_bytes) {
    return "a mail of " + std::to_string(raw.size()) + " bytes, more than limits.max_mail_bytes (" +
           std::to_string(max_bytes) + "): not read";
  }
  if (auto [name, length] = longest_field(header_block(raw)); length > max_header_bytes) {
    return "a header field " + escape_controls(name) + " of " + std::to_string(length) +
           " bytes, more than limits.max_header_bytes (" + std::to_string(max_header_bytes) + "): not read";
  }
  if (std::size_t length = longest_line(raw); length > max_header_bytes) {
    return "a line of " + std::to_string(length) + " bytes, more than limits.max_header_bytes (" +
           std::to_string(max_header_bytes) + "): not read";
  }
  return "";
}

Message parse_message(std::string_view raw, MimeLimits limits) {
  std::string input = prepared_for_mimetic(raw);
  Message m;
  try {
    mimetic::MimeEntity entity;
    Cuts cuts = parse_capped(input, entity, limits);
    std::string().swap(input);  // the entity holds its own copy: one less of a large mail
    if (cuts.depth) {
      m.problems.push_back("MIME parts nested deeper than " + std::to_string(limits.depth) +
                           " levels were left out (limits.mime_depth)");
    }
    if (cuts.parts) {
      m.problems.push_back("MIME parts after the first " + std::to_string(limits.parts) +
                           " were left out (limits.max_parts)");
    }
    if (cuts.header) {
      m.problems.push_back("MIME parts with a header longer than " + std::to_string(limits.header_bytes) +
                           " bytes were left out (limits.max_header_bytes)");
    }
    read_headers(entity.header(), m);
    collect(entity, m.parts);
  } catch (const std::exception&) {
    // mimetic is not known to throw, but its input is untrusted: keep
    // whatever was read before.
  }
  return m;
}

Message parse_headers(std::string_view raw, std::size_t max_field_bytes) {
  std::string input = prepared_for_mimetic(shortened_fields(header_block(raw), max_field_bytes));
  Message m;
  try {
    mimetic::MimeEntity entity;
    MimeLimits caps(1);  // no body: nothing nests
    caps.header_bytes = input.size();
    parse_capped(input, entity, caps);
    read_headers(entity.header(), m);
  } catch (const std::exception&) {}
  return m;
}

Message text_message(std::string subject, std::string text) {
  Message m;
  m.subject = std::move(subject);
  m.content_type = "text/plain";
  m.parts.push_back(Part{"text/plain", "", with_lf_line_ends(to_utf8(text, "utf-8"))});
  return m;
}

std::string decode_transfer_encoding(std::string_view body, std::string_view mechanism) {
  std::string m = to_lower(trim(mechanism));
  if (m == "base64") return decoded<mimetic::Base64::Decoder>(body);
  if (m == "quoted-printable") return decoded<mimetic::QP::Decoder>(body);
  return std::string(body);
}

}  // namespace certbund

#include "parts.hpp"

namespace certbund::notice_parts {

namespace {

const std::string text_part_headers =
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n";

std::string crlf(std::string_view text) {
  std::string out;
  for (std::string_view line : split_lines(text)) out += std::string(line) + "\r\n";
  return out;
}

std::string common_headers(const MailContent& mail, const std::string& message_id) {
  std::string out = from_field(mail.from);
  out += mail.to.empty() ? "To: undisclosed-recipients:;\r\n" : header_field("To", join(mail.to, ", "));
  out += header_field("Subject", mail.subject);
  out += "Date: " + rfc5322_date(mail.date) + "\r\n";
  // On one line however long: a msg-id cannot be folded, and some tools
  // do not unfold it (RFC 5322 allows lines up to 998 characters).
  out += "Message-ID: " + message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  return out;
}

std::string trailing_headers(const MailContent& mail) {
  std::string out = "Auto-Submitted: auto-generated\r\n";
  if (!mail.ticket.empty()) out += header_field("X-CERT-Bund-Ticket", mail.ticket);
  if (!mail.customer_id.empty()) out += header_field("X-Certbund-Customer", mail.customer_id);
  return out;
}

// RFC 3156: the signed bytes are the text part with its headers, up to
// the CRLF that belongs to the next boundary.
std::string signed_body(const std::string& part, const NoticeConfig& config, std::string& content_type) {
  DetachedSignature signature = pgp_sign(part, config.sign_key, config.gnupg_home);
  std::string boundary = "certbund-" + random_hex() + random_hex();
  content_type = "Content-Type: multipart/signed; micalg=" + signature.micalg + ";\r\n" +
                 " protocol=\"application/pgp-signature\";\r\n boundary=\"" + boundary + "\"\r\n";
  return "This is an OpenPGP/MIME signed message (RFC 4880 and 3156).\r\n"
         "--" +
         boundary + "\r\n" + part + "\r\n--" + boundary + "\r\n" +
         "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n"
         "Content-Description: OpenPGP digital signature\r\n"
         "Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n" +
         crlf(signature.armor) + "\r\n--" + boundary + "--\r\n";
}

// The content: its Content-* header lines, and its body.
struct Entity {
  std::string headers, body;
};

// RFC 2046 multipart/mixed: the text, then the CSV as an attachment.
Entity mixed(const MailContent& mail, const std::string& text) {
  std::string boundary = "certbund-" + random_hex() + random_hex();
  std::string csv_part =
      "Content-Type: text/csv; charset=utf-8; header=present\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "Content-Disposition: attachment; filename=\"" +
      mail.csv_name + "\"\r\n\r\n" + encode_quoted_printable(mail.csv);
  Entity e;
  e.headers = "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n";
  e.body = "This is a multi-part message in MIME format.\r\n--" + boundary + "\r\n" + text_part_headers + "\r\n" +
           text + "\r\n--" + boundary + "\r\n" + csv_part + "\r\n--" + boundary + "--\r\n";
  return e;
}

}  // namespace

std::string assemble_message(const MailContent& mail, const std::string& message_id, const NoticeConfig& config) {
  std::string text = encode_quoted_printable(mail.body.ends_with('\n') ? mail.body : mail.body + "\n");
  Entity content = mail.csv.empty() ? Entity{text_part_headers, text} : mixed(mail, text);
  std::string head = common_headers(mail, message_id);
  if (config.sign_key.empty()) return head + content.headers + trailing_headers(mail) + "\r\n" + content.body;
  std::string content_type;
  std::string body = signed_body(content.headers + "\r\n" + content.body, config, content_type);
  return head + content_type + trailing_headers(mail) + "\r\n" + body;
}

}  // namespace certbund::notice_parts

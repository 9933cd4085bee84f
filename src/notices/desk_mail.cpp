#include "parts.hpp"

namespace certbund {

using namespace notice_parts;

Notice desk_mail(const NoticeConfig& config, const std::string& to, const std::string& subject, const std::string& body,
                 UnixTime now) {
  const Mailbox from = parse_mailbox(config.from);
  if (!is_bare_address(from.address)) {
    throw Failure(Exit::config, "notice sender \"" + config.from + "\" is not an e-mail address");
  }
  MailContent mail{from, {to}, trim(neutralise_header(subject)), wrap_text(neutralise_body(body)), "", "", now, "", ""};
  Notice notice{make_message_id("digest", "desk", from.address), mail.subject, from.address, mail.to, ""};
  notice.bytes = assemble_message(mail, notice.message_id, config);
  return notice;
}

}  // namespace certbund

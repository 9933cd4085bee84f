// Design: the digest is for the desk, not a customer: it names incidents
// by id, address, port and service, and customers by id and name, all
// from the store; nothing of a report's text goes into it. It is sent
// directly, once a day: a day whose digest was sent is recorded, so a
// later notify that day sends none, and one that failed is tried by the
// next notify.

#include <cstdio>
#include <map>

#include "certbund/pipeline.hpp"

namespace certbund {

namespace {

std::string day_of(UnixTime t) { return format_iso8601(t).substr(0, 10); }

std::string address_of(const Escalation& e) {
  std::string ip = e.ip.to_string();
  if (!e.port) return ip;
  return (e.ip.v4 ? ip : "[" + ip + "]") + ":" + std::to_string(*e.port);
}

std::string padded(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string digest_body(Store& store, const std::vector<Escalation>& list, int after_days, UnixTime now) {
  std::map<std::string, std::vector<const Escalation*>> by_customer;
  for (const Escalation& e : list) by_customer[e.customer].push_back(&e);
  std::string body = std::to_string(list.size()) + (list.size() == 1 ? " incident is" : " incidents are") +
                     " still open " + std::to_string(after_days) +
                     " days or more after the customer's first notice, and reported again since (" + day_of(now) +
                     ", UTC):\n";
  for (const auto& [customer, incidents] : by_customer) {
    auto c = store.customer(customer);
    body += "\n" + customer + (c ? " " + c->name : "") +
            (c && !c->emails.empty() ? " <" + c->emails.front() + ">" : std::string()) + ": " +
            std::to_string(incidents.size()) + (incidents.size() == 1 ? " incident\n" : " incidents\n");
    for (const Escalation* e : incidents) {
      body += "  " + padded("#" + std::to_string(e->incident_id), 7) + padded(address_of(*e), 26) +
              padded(e->service, 16) + "first notice " + day_of(e->first_notice) + ", last seen " +
              day_of(e->last_seen) + "\n";
    }
  }
  body += "\n`certbund incidents --customer ID` lists a customer's incidents.\n";
  return body;
}

}  // namespace

DigestResult send_escalation_digest(Store& store, const Config& config, const SmtpClient& smtp, UnixTime now) {
  DigestResult out;
  if (config.escalate_after_days <= 0) return out;
  const std::string day = day_of(now);
  if (store.digest_sent(day)) return out;
  const std::vector<Escalation> list = store.escalations(config.escalate_after_days, now);
  out.incidents = list.size();
  if (list.empty()) return out;
  const std::string subject = "certbund: " + std::to_string(list.size()) +
                              (list.size() == 1 ? " incident" : " incidents") + " still open after " +
                              std::to_string(config.escalate_after_days) + " days (" + day + ")";
  if (!is_bare_address(config.desk_address)) {
    throw Failure(Exit::config, "notify.desk_address \"" + config.desk_address + "\" is not an e-mail address");
  }
  Notice mail = desk_mail(config.notices, config.desk_address, subject,
                          digest_body(store, list, config.escalate_after_days, now), now);
  SendResult r = smtp.send(mail.from, mail.to, mail.bytes);
  out.tried = true;
  out.kind = r.kind;
  out.reply = r.reply;
  if (r.kind == SendResult::Kind::sent) {
    Store::Transaction tx(store);
    store.record_digest(day, now, config.desk_address, list.size(), r.reply);
    tx.commit();
  }
  return out;
}

std::string DigestResult::summary(const std::string& to) const {
  if (!tried) return "";
  const std::string what =
      "escalation digest of " + std::to_string(incidents) + (incidents == 1 ? " incident" : " incidents") + " to " + to;
  if (kind == SendResult::Kind::sent) return what + ": sent (" + reply + ")";
  return what + ": " + (kind == SendResult::Kind::temporary ? "will retry" : "FAILED") + " (" + reply + ")";
}

}  // namespace certbund

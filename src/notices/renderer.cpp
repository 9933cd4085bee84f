#include <kainjow/mustache.hpp>

#include "parts.hpp"

namespace certbund {

namespace {

using kainjow::mustache::data;
using namespace notice_parts;

enum class Lang { de, en };

const std::string separator(72, '=');

std::string lang_dir(Lang l) { return l == Lang::de ? "de" : "en"; }

TableTitles table_titles(Lang l) {
  if (l == Lang::de) return {"IP-Adresse", "Port", "Zeitstempel (UTC)"};
  return {"IP address", "Port", "Timestamp (UTC)"};
}

// English names for the services CERT-Bund titles in German.
std::string english_title(const Report& report) {
  static const std::map<std::string, std::string, std::less<>> titles = {
      {"memcached", "Open Memcached servers"},
      {"mongodb", "Open MongoDB servers"},
      {"redis", "Open Redis servers"},
      {"ssdp", "Open SSDP services"},
      {"snmp", "Open SNMP services"},
      {"ntp-monlist", "NTP servers with monlist enabled"},
      {"dns-resolver", "Open DNS resolvers"},
      {"mssql-browser", "Open MS-SQL Browser services"},
      {"scada", "Industrial control systems (SCADA/ICS) reachable from the Internet"},
      {"portmapper", "Open portmapper services"},
      {"elasticsearch", "Open Elasticsearch servers"},
      {"cldap", "Open CLDAP servers"},
      {"netbios", "Open NetBIOS services"},
      {"mdns", "Open mDNS services"},
      {"ipmi", "Open IPMI interfaces"},
      {"chargen", "Open chargen services"},
      {"pop3", "POP3 servers with unencrypted authentication"}};
  auto it = titles.find(report.service);
  return it != titles.end() ? it->second : neutralise_header(report.topic);
}

std::string trim_newlines(std::string s) {
  while (s.ends_with('\n')) s.pop_back();
  return s;
}

void set_if(data& d, const std::string& key, const std::string& value) {
  if (!value.empty()) d.set(key, value);
}

// What one language's notice is about.
struct NoticeInput {
  const Report& report;
  const Customer& customer;
  const std::vector<Row>& rows;
  Lang lang;
  bool bilingual;
};

data notice_data(const NoticeInput& s) {
  const Report& report = s.report;
  const Customer& customer = s.customer;
  data d;
  set_if(d, "ticket", trim(neutralise_header(report.ticket)));
  std::string topic = trim(neutralise_header(report.topic));
  d.set("topic", topic.empty() ? english_title(report) : topic);
  d.set("title_en", english_title(report));
  set_if(d, "scope", trim(neutralise_header(report.scope)));
  d.set("service", neutralise_header(report.service));
  d.set("critical", report.critical);
  set_if(d, "customer_name", trim(neutralise_header(customer.name)));
  set_if(d, "customer_id", trim(neutralise_header(customer.id)));
  d.set("count", std::to_string(s.rows.size()));
  d.set("single", s.rows.size() == 1);
  d.set("bilingual", s.bilingual);
  d.set("table", trim_newlines(format_table(s.rows, table_titles(s.lang))));
  set_if(d, "explanation", trim_newlines(indent(neutralise_body(report.explanation))));
  return d;
}

std::string render_source(const std::string& source, const data& d) {
  kainjow::mustache::mustache tmpl{source};
  tmpl.set_custom_escape([](const std::string& s) { return s; });  // plain text, not HTML
  return tmpl.render(d);
}

// The advice of the report's service, or the generic one with CERT-Bund's text.
std::string advice_name(const std::map<std::string, std::string>& templates, Lang lang, const std::string& service) {
  std::string name = lang_dir(lang) + "/services/" + service;
  return templates.contains(name) ? name : lang_dir(lang) + "/generic";
}

// One language's notice: the frame with the service's advice in it.
std::string body_in(const std::map<std::string, std::string>& templates, const NoticeInput& s) {
  data d = notice_data(s);
  std::string advice = render_source(templates.at(advice_name(templates, s.lang, s.report.service)), d);
  d.set("advice", trim_newlines(advice));
  return trim_newlines(render_source(templates.at(lang_dir(s.lang) + "/notice"), d)) + "\n";
}

std::vector<std::string> recipients(const Customer& customer) {
  std::vector<std::string> out;
  for (const std::string& email : customer.emails) {
    std::string address = trim(email);
    if (is_bare_address(address)) out.push_back(address);
  }
  return out;
}

}  // namespace

NoticeRenderer::NoticeRenderer(NoticeConfig config)
    : config_(std::move(config)), templates_(load_templates(config_.templates_dir)) {
  if (!is_bare_address(parse_mailbox(config_.from).address)) {
    throw Failure(Exit::config, "notice sender \"" + config_.from + "\" is not an e-mail address");
  }
  if (!config_.sign_key.empty()) check_signing_key(config_.sign_key, config_.gnupg_home);
}

Notice NoticeRenderer::render(const Report& report, const Customer& customer, const std::vector<Row>& rows,
                              UnixTime now) const {
  bool bilingual = customer.language == Language::de_en;
  Lang first = customer.language == Language::en ? Lang::en : Lang::de;
  std::string body = body_in(templates_, {report, customer, rows, first, bilingual});
  if (bilingual) {
    body = "[English version below]\n\n" + body + "\n" + separator + "\n\n" +
           body_in(templates_, {report, customer, rows, Lang::en, bilingual});
  }
  data subject_data = notice_data({report, customer, rows, first, bilingual});
  std::string subject = render_source(templates_.at(lang_dir(first) + "/subject"), subject_data);
  subject = trim(neutralise_header(subject));

  MailContent mail{parse_mailbox(config_.from),
                   recipients(customer),
                   subject,
                   wrap_text(neutralise_body(body)),
                   report.ticket,
                   customer.id,
                   now};
  Notice notice{make_message_id(report.ticket, customer.id, mail.from.address), subject, mail.from.address, mail.to,
                ""};
  notice.bytes = assemble_message(mail, notice.message_id, config_);
  return notice;
}

}  // namespace certbund

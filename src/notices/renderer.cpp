#include <algorithm>
#include <cctype>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "parts.hpp"

namespace certbund {

namespace {

using kainjow::mustache::data;
using namespace notice_parts;

enum class Lang { de, en };

const std::string separator(72, '=');

std::string lang_dir(Lang l) { return l == Lang::de ? "de" : "en"; }

TableTitles table_titles(Lang l) {
  if (l == Lang::de) return {"IP-Adresse", "Port", "Zeitstempel (UTC)", false};
  return {"IP address", "Port", "Timestamp (UTC)", true};
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
  const Facts& facts;  // facts_of(rows, report.service): the same in every language
  Lang lang;
  bool bilingual;
  std::size_t inline_rows;  // how many of `rows` the table lists; all are in the attachment when fewer
  std::string csv_name;     // the attachment's file name, when there is one
};

// The table of the rows listed inline, and a line saying where the others are.
std::string table_of(const NoticeInput& s) {
  if (s.inline_rows >= s.rows.size()) return format_table(s.rows, table_titles(s.lang));
  std::vector<Row> shown(s.rows.begin(), s.rows.begin() + static_cast<std::ptrdiff_t>(s.inline_rows));
  std::string more = std::to_string(s.rows.size() - s.inline_rows);
  std::string all = std::to_string(s.rows.size());
  std::string note = s.lang == Lang::de
                         ? "  ... und " + more + " weitere; alle " + all + " stehen in der Anlage " + s.csv_name + "."
                         : "  ... and " + more + " more; all " + all + " are in the attached file " + s.csv_name + ".";
  return format_table(shown, table_titles(s.lang)) + note + "\n";
}

data list_of(const std::vector<std::string>& values, const std::string& key) {
  data list{data::type::list};
  for (const std::string& v : values) {
    data item;
    item.set(key, v);
    list.push_back(item);
  }
  return list;
}

// Where to check from outside and what to filter, from the signed rows.
void set_facts(data& d, const Facts& f, Lang lang) {
  bool de = lang == Lang::de;
  std::string placeholder = de ? "IHRE-ADRESSE" : "YOUR-ADDRESS";
  d.set("address", f.address.empty() ? placeholder : f.address);
  d.set("url_host", f.address.empty() ? placeholder : f.ipv6 ? "[" + f.address + "]" : f.address);
  d.set("nmap6", f.ipv6 ? "-6 " : "");
  data fw{data::type::list};
  std::vector<std::string> names;
  for (const Port& p : f.ports) {
    data item;
    item.set("port", std::to_string(p.port));
    item.set("proto", p.proto);
    item.set("PROTO", to_upper(p.proto));
    fw.push_back(item);
    names.push_back(std::to_string(p.port) + "/" + p.proto);
  }
  d.set("fw", fw);
  d.set("has_fw", !f.ports.empty());
  if (!f.ports.empty()) d.set("port", std::to_string(f.ports.front().port));
  std::string joined;
  for (std::size_t i = 0; i < names.size(); ++i) {
    joined += (i == 0 ? "" : i + 1 == names.size() ? (de ? " und " : " and ") : ", ") + names[i];
  }
  set_if(d, "fw_ports", joined);
  d.set("cves", list_of(f.cves, "cve"));
  d.set("has_cves", !f.cves.empty());
  d.set("families", list_of(f.families, "family"));
  d.set("has_families", !f.families.empty());
  d.set("c2", list_of(f.c2, "endpoint"));
  d.set("has_c2", !f.c2.empty());
  d.set("paths", list_of(f.paths, "path"));
  d.set("has_paths", !f.paths.empty());
  d.set("accounts", f.accounts);
}

std::string quoted(const std::string& text) { return trim_newlines(indent(neutralise_body(text))); }

// CERT-Bund's problem text in this language; said plainly when it has none.
void set_problem_text(data& d, const ProblemText& p, Lang lang, bool bilingual) {
  const std::string& own = lang == Lang::de ? p.de : p.en;
  const std::string& other = lang == Lang::de ? p.en : p.de;
  if (!own.empty()) {
    d.set("quote", quoted(own));
  } else if (lang == Lang::en && bilingual && !other.empty()) {
    d.set("no_english", true);  // the German part above quotes it
  } else if (!other.empty()) {
    d.set("quote", quoted(other));
    d.set(lang == Lang::de ? "quote_english" : "quote_german", true);
  }
}

data notice_data(const NoticeInput& s, const std::map<std::string, std::string>& templates) {
  const Report& report = s.report;
  const Customer& customer = s.customer;
  std::string lang = lang_dir(s.lang);
  const Facts& facts = s.facts;
  data d;
  set_if(d, "ticket", trim(neutralise_header(report.ticket)));
  d.set("title", problem_title(report, facts, s.lang == Lang::de));
  d.set("service", neutralise_header(report.service));
  d.set("class", std::string(to_string(report.report_class)));
  // {{#is_exchange}}...{{/is_exchange}}: a product's own lines in a class's advice.
  std::string flag = "is_" + neutralise_header(report.service);
  std::ranges::replace(flag, '-', '_');
  d.set(flag, true);
  d.set("critical", report.critical);
  set_if(d, "customer_name", trim(neutralise_header(customer.name)));
  set_if(d, "customer_id", trim(neutralise_header(customer.id)));
  d.set("count", std::to_string(s.rows.size()));
  d.set("single", s.rows.size() == 1);
  d.set("bilingual", s.bilingual);
  d.set("table", trim_newlines(table_of(s)));
  set_facts(d, facts, s.lang);
  set_problem_text(d, problem_text(report.explanation), s.lang, s.bilingual);
  // Partials: {{> firewall}}, {{> problem}}.
  d.set("firewall", trim_newlines(templates.at(lang + "/partials/firewall")));
  d.set("problem", trim_newlines(templates.at(lang + "/partials/problem")));
  return d;
}

// The partials notice_data sets: {{> firewall}}, {{> problem}}.
constexpr std::string_view k_partials[] = {"firewall", "problem"};
constexpr int k_partial_depth = 4;  // deeper ones stay partials

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// `source` with each {{> firewall}} and {{> problem}} tag replaced by its
// partial's text, as notice_data sets it; nullopt when that cannot be done
// as kainjow would render it: kainjow parses a partial's text anew at each
// render (and a template, through render_source, once), then renders it in
// place with the same context and line state. A template that sets other
// delimiters or holds a carriage return (which could join with a partial's
// line end) is left to kainjow, and so is a nested partial beyond
// k_partial_depth. Tags are found as kainjow's parser finds them.
std::optional<std::string> with_partials(const std::string& source, const std::map<std::string, std::string>& templates,
                                         const std::string& lang, int depth) {
  if (source.find('\r') != std::string::npos) return std::nullopt;
  std::string out;
  std::size_t pos = 0;
  for (std::size_t open = source.find("{{"); open != std::string::npos; open = source.find("{{", pos)) {
    const bool triple = open + 2 < source.size() && source[open + 2] == '{';
    const std::size_t start = open + (triple ? 3 : 2);
    const std::size_t close = source.find(triple ? "}}}" : "}}", start);
    if (close == std::string::npos) return std::nullopt;  // kainjow says what is wrong
    const std::size_t end = close + (triple ? 3 : 2);
    const std::string_view tag = trim_space(std::string_view(source).substr(start, close - start));
    if (tag.starts_with('=')) return std::nullopt;
    out.append(source, pos, open - pos);
    pos = end;
    const std::string_view name = tag.starts_with('>') && !triple ? trim_space(tag.substr(1)) : std::string_view{};
    std::optional<std::string> inlined;
    if (!name.empty() && depth < k_partial_depth && std::ranges::find(k_partials, name) != std::end(k_partials)) {
      inlined = with_partials(trim_newlines(templates.at(lang + "/partials/" + std::string(name))), templates, lang,
                              depth + 1);
    }
    if (inlined) out += *inlined;
    else out.append(source, open, end - open);
  }
  out.append(source, pos);
  return out;
}

// Templates parsed once per text and thread: a report for a thousand
// customers renders the same few templates a thousand times.
using Parsed = std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>, std::less<>>;

std::string render_source(const std::string& source, const data& d) {
  thread_local Parsed parsed;
  auto it = parsed.find(source);
  if (it == parsed.end()) {
    auto tmpl = std::make_unique<kainjow::mustache::mustache>(source);
    tmpl->set_custom_escape([](const std::string& s) { return s; });  // plain text, not HTML
    it = parsed.emplace(source, std::move(tmpl)).first;
  }
  kainjow::mustache::mustache& tmpl = *it->second;
  std::string out = tmpl.render(d);
  if (!tmpl.is_valid()) {
    std::string error = tmpl.error_message();
    parsed.erase(it);  // the next render parses it again, as before
    throw Failure(Exit::config, "template: " + error);
  }
  return out;
}

// Template `name` of `lang`, its partials written in (with_partials), rendered with `d`.
std::string render_template(const std::map<std::string, std::string>& templates, const std::string& name,
                            const std::string& lang, const data& d) {
  const std::string& source = templates.at(name);
  if (auto whole = with_partials(source, templates, lang, 0)) return render_source(*whole, d);
  return render_source(source, d);
}

// The advice for the report's class: the service's own file in the class's
// folder, else the class's default. An exposure's advice never reaches a
// vulnerability or an infection: each class reads only its own folder.
std::string advice_name(const std::map<std::string, std::string>& templates, Lang lang, const Report& report) {
  std::string folder = lang_dir(lang) + "/" + std::string(to_string(report.report_class)) + "/";
  std::string name = folder + report.service;
  return report.service != "default" && templates.contains(name) ? name : folder + "default";
}

// One language's notice: the frame with the class's advice in it. With
// `subject`, also the subject from the same data (without the advice).
std::string body_in(const std::map<std::string, std::string>& templates, const NoticeInput& s,
                    std::string* subject = nullptr) {
  data d = notice_data(s, templates);
  const std::string lang = lang_dir(s.lang);
  std::string advice = render_template(templates, advice_name(templates, s.lang, s.report), lang, d);
  if (subject) *subject = render_template(templates, lang + "/subject", lang, d);
  d.set("advice", trim_newlines(advice));
  return trim_newlines(render_template(templates, lang + "/notice", lang, d)) + "\n";
}

// "certbund-CB-Report-20240110-10000010.csv": letters, digits and '-' only.
std::string csv_file_name(std::string_view ticket) {
  std::string out = "certbund";
  if (!ticket.empty()) out += '-';
  for (unsigned char c : ticket) out += std::isalnum(c) && c < 0x80 ? static_cast<char>(c) : '-';
  return out + ".csv";
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
  std::size_t inline_rows =
      std::min(rows.size(), static_cast<std::size_t>(std::max<std::int64_t>(config_.max_rows_inline, 1)));
  bool attach = inline_rows < rows.size();
  std::string csv_name = attach ? csv_file_name(report.ticket) : "";
  const Facts facts = facts_of(rows, report.service);
  std::string subject;
  std::string body =
      body_in(templates_, {report, customer, rows, facts, first, bilingual, inline_rows, csv_name}, &subject);
  if (bilingual) {
    body = "[English version below]\n\n" + body + "\n" + separator + "\n\n" +
           body_in(templates_, {report, customer, rows, facts, Lang::en, bilingual, inline_rows, csv_name});
  }
  subject = trim(neutralise_header(subject));

  MailContent mail{parse_mailbox(config_.from),
                   recipients(customer),
                   subject,
                   wrap_text(neutralise_body(body)),
                   report.ticket,
                   customer.id,
                   now,
                   attach ? rows_csv(rows) : "",
                   csv_name};
  Notice notice{make_message_id(report.ticket, customer.id, mail.from.address), subject, mail.from.address, mail.to,
                ""};
  notice.bytes = assemble_message(mail, notice.message_id, config_);
  return notice;
}

}  // namespace certbund

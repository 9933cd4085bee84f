// The class of a report (exposure, vulnerability, ...) from what CERT-Bund
// signed: the column titles first, they are data; then a ticket line in
// the signed text, then the words of the explanation. The Subject is not signed and decides nothing here.

#include <algorithm>
#include <optional>
#include <span>

#include "detail.hpp"

namespace certbund {

namespace {

using report_detail::has_word_prefix;

struct Phrase {
  std::string_view text;  // lowercase; matches at the start of a word
  ReportClass cls;
};

// Words CERT-Bund's explanations use for each class. Kept specific: an
// exposure text may say that attackers "could take over" a server, and a
// vulnerability text asks to look for a possible "Kompromittierung" (which
// "kompromittiert" does not match) or for webshells.
constexpr Phrase text_phrases[] = {
    {"phishing", ReportClass::phishing_defacement},
    {"defacement", ReportClass::phishing_defacement},
    {"defaced", ReportClass::phishing_defacement},
    {"verunstaltet", ReportClass::phishing_defacement},
    {"brute force", ReportClass::abuse_activity},
    {"brute-force", ReportClass::abuse_activity},
    {"bruteforce", ReportClass::abuse_activity},
    {"passwort-rate", ReportClass::abuse_activity},
    {"password guessing", ReportClass::abuse_activity},
    {"spam versendet", ReportClass::abuse_activity},
    {"spam versandt", ReportClass::abuse_activity},
    {"spam-versand", ReportClass::abuse_activity},
    {"sending spam", ReportClass::abuse_activity},
    {"sent spam", ReportClass::abuse_activity},
    {"kompromittiert", ReportClass::compromise},
    {"compromised", ReportClass::compromise},
    {"gehackt", ReportClass::compromise},
    {"hacked", ReportClass::compromise},
    {"infiziert", ReportClass::infection},
    {"infektion", ReportClass::infection},
    {"infected", ReportClass::infection},
    {"infection", ReportClass::infection},
    {"botnet", ReportClass::infection},
    {"sinkhole", ReportClass::infection},
    {"adware", ReportClass::infection},
    {"verwundbar", ReportClass::vulnerability},
    {"schwachstelle", ReportClass::vulnerability},
    {"sicherheitslücke", ReportClass::vulnerability},
    {"vulnerable", ReportClass::vulnerability},
    {"vulnerabilit", ReportClass::vulnerability},
    {"offen erreichbar", ReportClass::exposure},
    {"offen aus dem internet", ReportClass::exposure},
    {"aus dem internet erreichbar", ReportClass::exposure},
    {"öffentlich erreichbar", ReportClass::exposure},
    {"openly accessible", ReportClass::exposure},
    {"publicly accessible", ReportClass::exposure},
    {"accessible from the internet", ReportClass::exposure},
    {"reachable from the internet", ReportClass::exposure},
    {"reflektor", ReportClass::exposure},
    {"reflector", ReportClass::exposure},
    {"reflection", ReportClass::exposure},
    {"amplification", ReportClass::exposure},
    {"unverschlüsselt", ReportClass::exposure},
    {"unencrypted", ReportClass::exposure},
};

// Short titles ("Offene Redis-Server", "Schadprogramm-Infektionen") say
// more with fewer words; these count only in a signed ticket line.
constexpr Phrase topic_phrases[] = {
    {"offen", ReportClass::exposure},      {"open", ReportClass::exposure},
    {"accessible", ReportClass::exposure}, {"schadprogramm", ReportClass::infection},
    {"malware", ReportClass::infection},   {"bot", ReportClass::infection},
};

// Column titles, lowercase, exact. The first rule that holds wins.
constexpr std::string_view compromise_columns[] = {"webshell_path", "webshell",      "malicious_code_path",
                                                   "backdoor",      "backdoor_path", "implant"};
constexpr std::string_view infection_columns[] = {"malware", "malware_family", "malware.name", "infection",
                                                  "family",  "botnet",         "c2",           "c2_ip",
                                                  "c2_host", "cc_ip",          "cnc",          "cnc_ip"};
constexpr std::string_view vulnerability_columns[] = {"cve",     "cves",          "cve_id",
                                                      "cve_ids", "vulnerability", "vulnerabilities"};

bool has_any(const std::vector<std::string>& titles, std::span<const std::string_view> names) {
  return std::ranges::any_of(titles, [&](const std::string& t) { return std::ranges::find(names, t) != names.end(); });
}

std::optional<ReportClass> from_columns(const std::vector<std::string>& columns) {
  std::vector<std::string> titles;
  for (const std::string& c : columns) titles.push_back(to_lower(trim(c)));
  auto named = [&](std::string_view name) { return std::ranges::find(titles, name) != titles.end(); };
  // "Kompromittierte E-Mail-Konten": the mailbox and the server it was used on.
  if (has_any(titles, compromise_columns) || (named("email") && named("mx"))) return ReportClass::compromise;
  if (has_any(titles, infection_columns)) return ReportClass::infection;
  if (has_any(titles, vulnerability_columns)) return ReportClass::vulnerability;
  return std::nullopt;
}

// The class whose phrase starts earliest in `text`: CERT-Bund names the
// problem before it adds what else to look at.
std::optional<ReportClass> earliest(std::string_view text, std::span<const Phrase> phrases) {
  std::string lower = to_lower(text);
  std::optional<ReportClass> best;
  std::size_t best_at = std::string::npos;
  for (const Phrase& p : phrases) {
    for (std::size_t at = lower.find(p.text); at != std::string::npos && at < best_at;
         at = lower.find(p.text, at + 1)) {
      if (has_word_prefix(lower, at)) {
        best = p.cls;
        best_at = at;
        break;
      }
    }
  }
  return best;
}

// The topic of a ticket line inside the signed text (forwarded and older
// mails carry "[CERT-Bund#...] Offene ..." as their first lines).
std::optional<std::string> signed_topic(std::string_view explanation) {
  std::size_t seen = 0;
  for (std::string_view line : split_lines(explanation)) {
    std::string_view l = report_detail::trim_view(line);
    if (l.empty()) continue;
    if (++seen > 10) break;
    if (auto heading = report_detail::read_heading(l); heading && !heading->topic.empty()) return heading->topic;
  }
  return std::nullopt;
}

}  // namespace

namespace report_detail {

bool has_word_prefix(std::string_view lower_text, std::size_t at) {
  if (at == 0) return true;
  unsigned char c = static_cast<unsigned char>(lower_text[at - 1]);
  bool word = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
  return !word;
}

}  // namespace report_detail

std::string_view to_string(ReportClass c) {
  switch (c) {
    case ReportClass::exposure: return "exposure";
    case ReportClass::vulnerability: return "vulnerability";
    case ReportClass::infection: return "infection";
    case ReportClass::compromise: return "compromise";
    case ReportClass::abuse_activity: return "abuse_activity";
    case ReportClass::phishing_defacement: return "phishing_defacement";
  }
  return "exposure";
}

ReportClass classify_report(const Report& report) {
  if (auto c = from_columns(report.columns)) return *c;
  if (auto topic = signed_topic(report.explanation)) {
    if (auto c = earliest(*topic, text_phrases)) return *c;
    if (auto c = earliest(*topic, topic_phrases)) return *c;
  }
  if (auto c = earliest(report.explanation, text_phrases)) return *c;
  return ReportClass::exposure;
}

}  // namespace certbund

// CERT-Bund's explanation of the problem, cut out of its signed text by the
// text's structure: a report is one or two letters (German, English), each
// opened by a salutation, separated and followed by rule lines; inside a
// letter the explanation comes first, then the part addressed to the
// provider (the list, the request, the timestamps, the PGP note, the
// contact), and the closing. Frames between rule lines without a
// salutation (the attachment notice) belong to no letter.

#include <algorithm>
#include <array>
#include <span>

#include "parts.hpp"

namespace certbund {

namespace {

using Lines = std::vector<std::string_view>;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "=====", "-----", "*****" or "_____" alone on a line, ten or more.
bool is_rule(std::string_view line) {
  std::string_view l = trimmed(line);
  if (l.size() < 10) return false;
  char c = l.front();
  return (c == '=' || c == '-' || c == '*' || c == '_') && l.find_first_not_of(c) == std::string_view::npos;
}

bool starts_with_any(std::string_view line, std::span<const std::string_view> prefixes) {
  return std::ranges::any_of(prefixes, [&](std::string_view p) { return starts_with_ci(line, p); });
}

// "[English version below]", a lone ticket tag, "***** Sicherheitsinformation *****".
bool is_marker(std::string_view line) {
  std::string_view l = trimmed(line);
  if (l.size() > 1 && l.starts_with('*') && l.ends_with('*')) return true;
  if (l.starts_with('[') && l.ends_with(']') && l.find("] ") == std::string_view::npos) return true;
  return false;
}

constexpr std::array<std::string_view, 8> salutations{"Sehr geehrte", "Dear ",  "Hallo",   "Hello",
                                                      "Guten Tag",    "Liebe ", "Lieber ", "Good day"};
constexpr std::array<std::string_view, 9> closings{
    "Mit freundlichen Gr", "Freundliche Gr", "Viele Gr",  "Beste Gr", "Kind regards",
    "Best regards",        "Regards",        "Sincerely", "-- "};

bool is_salutation(std::string_view line) {
  std::string_view l = trimmed(line);
  return l.ends_with(',') && starts_with_any(l, salutations);
}

bool is_closing(std::string_view line) { return line == "--" || starts_with_any(trimmed(line), closings); }

// Words that open the part of a letter addressed to the provider; the
// explanation ends at the first paragraph that holds one.
constexpr std::array<std::string_view, 40> provider_words{"nachfolgend",
                                                          "im anhang",
                                                          "anbei ",
                                                          "liste betroffener",
                                                          "liste der betroffenen",
                                                          "wir möchten sie",
                                                          "wir bitten sie",
                                                          "bitte prüfen sie",
                                                          "bitte informieren",
                                                          "ihre kunden",
                                                          "zeitstempel",
                                                          "diese e-mail ist",
                                                          "diese nachricht",
                                                          "digital signiert",
                                                          "automatisch generiert",
                                                          "automatisch erstellt",
                                                          "bitte beachten sie",
                                                          "cert-bund-reports",
                                                          "bei rückfragen",
                                                          "falls sie kürzlich",
                                                          "please find",
                                                          "attached",
                                                          "we would like to ask",
                                                          "please check",
                                                          "your customers",
                                                          "timestamp",
                                                          "this message is",
                                                          "this e-mail is",
                                                          "this email is",
                                                          "digitally signed",
                                                          "automatically generated",
                                                          "please note",
                                                          "cert-bund reports",
                                                          "in case of questions",
                                                          "if you have recently",
                                                          "list of affected",
                                                          "certbund@",
                                                          "reports@",
                                                          "!! ",
                                                          "howto"};

bool addresses_provider(std::string_view paragraph) {
  std::string lower = to_lower(paragraph);
  return std::ranges::any_of(provider_words, [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

bool opens_references(std::string_view paragraph) {
  return starts_with_ci(paragraph, "Referenzen:") || starts_with_ci(paragraph, "References:") ||
         starts_with_ci(paragraph, "Quellen:");
}

// "[1] Memcached" below "Referenzen:".
bool is_footnote(std::string_view paragraph) {
  return paragraph.size() > 2 && paragraph[0] == '[' && paragraph[1] >= '0' && paragraph[1] <= '9';
}

enum class Lang { unknown, de, en };

// German or English by the small words; umlauts count for German.
Lang language_of(std::string_view text) {
  static constexpr std::string_view german[] = {" der ",    " die ",    " und ", " ist ", " sind ", " nicht ",
                                                " werden ", " können ", " das ", " mit ", " wurde", " sie "};
  static constexpr std::string_view english[] = {" the ",  " and ", " is ", " are ",  " not ",   " can ",
                                                 " with ", " of ",  " to ", " this ", " which ", " you "};
  std::string lower = " " + to_lower(text) + " ";
  for (char& c : lower) {
    if (c == '\n' || c == ',' || c == '.') c = ' ';
  }
  int de = 0, en = 0;
  for (std::string_view w : german) {
    for (std::size_t at = lower.find(w); at != std::string::npos; at = lower.find(w, at + 1)) ++de;
  }
  for (std::string_view w : english) {
    for (std::size_t at = lower.find(w); at != std::string::npos; at = lower.find(w, at + 1)) ++en;
  }
  for (std::string_view umlaut : {"ä", "ö", "ü", "ß"}) {
    if (lower.find(umlaut) != std::string::npos) de += 2;
  }
  if (de == en) return Lang::unknown;
  return de > en ? Lang::de : Lang::en;
}

// One stretch of text between rule lines, as paragraphs of cleaned lines.
struct Section {
  std::vector<std::string> paragraphs;
  Lang salutation = Lang::unknown;  // the language of its salutation, if it has one
  bool has_salutation = false;
};

std::vector<Section> sections_of(std::string_view text) {
  std::vector<Section> out(1);
  std::string paragraph;
  bool closed = false;  // after the closing, the section is signature
  auto flush = [&] {
    if (!paragraph.empty()) out.back().paragraphs.push_back(paragraph);
    paragraph.clear();
  };
  for (std::string_view raw : split_lines(text)) {
    std::string_view line = raw;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    if (is_rule(line)) {
      flush();
      out.emplace_back();
      closed = false;
      continue;
    }
    if (closed) continue;
    if (is_closing(line)) {
      flush();
      closed = true;
      continue;
    }
    if (is_marker(line)) continue;
    if (is_salutation(line)) {
      // A salutation opens a letter, with or without a rule line before it.
      flush();
      if (out.back().has_salutation || !out.back().paragraphs.empty()) out.emplace_back();
      Section& s = out.back();
      s.has_salutation = true;
      std::string_view l = trimmed(line);
      bool english = starts_with_ci(l, "Dear") || starts_with_ci(l, "Hello") || starts_with_ci(l, "Good");
      s.salutation = english ? Lang::en : Lang::de;
      continue;
    }
    if (trimmed(line).empty()) {
      flush();
      continue;
    }
    if (!paragraph.empty()) paragraph += '\n';
    paragraph += line;
  }
  flush();
  return out;
}

// The paragraphs of `section` that explain the problem: those before the
// first one addressed to the provider, plus a reference list they point to.
std::vector<std::string> explaining(const Section& section) {
  std::vector<std::string> kept;
  std::size_t i = 0;
  for (; i < section.paragraphs.size(); ++i) {
    if (addresses_provider(section.paragraphs[i])) break;
    kept.push_back(section.paragraphs[i]);
  }
  bool cites = std::ranges::any_of(kept, [](const std::string& p) { return p.find("[1]") != std::string::npos; });
  for (; cites && i < section.paragraphs.size(); ++i) {
    if (!opens_references(section.paragraphs[i])) continue;
    kept.push_back(section.paragraphs[i]);
    while (i + 1 < section.paragraphs.size() && is_footnote(section.paragraphs[i + 1]))
      kept.push_back(section.paragraphs[++i]);
    break;
  }
  return kept;
}

void append(std::string& to, const std::string& paragraph) {
  if (!to.empty()) to += "\n\n";
  to += paragraph;
}

}  // namespace

ProblemText problem_text(std::string_view signed_text) {
  std::vector<Section> sections = sections_of(signed_text);
  bool letters = std::ranges::any_of(sections, [](const Section& s) { return s.has_salutation; });
  ProblemText out;
  for (const Section& section : sections) {
    // Between rule lines without a salutation: a notice about the report, not about the problem.
    if (letters && !section.has_salutation) continue;
    for (const std::string& paragraph : explaining(section)) {
      // A letter's salutation names its language; loose text is told by its words.
      Lang lang = section.salutation != Lang::unknown ? section.salutation : language_of(paragraph);
      append(lang == Lang::en ? out.en : out.de, paragraph);
    }
  }
  return out;
}

}  // namespace certbund

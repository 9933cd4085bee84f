#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "certbund/notices.hpp"
#include "certbund/report.hpp"

using namespace certbund;

namespace {

// A sample body (samples/bodies, as CERT-Bund writes them) parsed the way
// the pipeline does: headers on top, then the signed text.
Report sample(const std::string& name) {
  std::ifstream in(std::string(CERTBUND_SOURCE_DIR) + "/samples/bodies/" + name + ".txt", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  std::size_t blank = text.find("\n\n");
  std::string subject = text.substr(9, text.find('\n') - 9);  // after "Subject: "
  Message m;
  m.parts.push_back(Part{"text/plain", "", text.substr(blank + 2)});
  return parse_report(subject, m);
}

// Nothing addressed to the provider, no frame, no signature.
void check_desk_voice(const std::string& text) {
  CAPTURE(text);
  for (const char* words :
       {"Sehr geehrte",   "Dear Sir",   "Nachfolgend",          "Please find",      "Ihre Kunden",  "your customers",
        "signiert",       "signed",     "certbund@bsi.bund.de", "reports@",         "Anhang",       "attachment",
        "Zeitstempel",    "timestamp",  "English version",      "Mit freundlichen", "Kind regards", "Godesberger",
        "Bitte beachten", "Please note"}) {
    CHECK(text.find(words) == std::string::npos);
  }
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("problem text of a bilingual CB-Report: the first paragraph of each letter") {
    ProblemText p = problem_text(sample("cbreport-redis-inline").explanation);
    CHECK(p.de ==
          "Redis ist eine In-Memory-Datenbank. Standardmäßig verlangt Redis keine\n"
          "Authentifizierung. Ist ein Redis-Server offen aus dem Internet erreichbar,\n"
          "können Angreifer die gespeicherten Daten auslesen, verändern oder löschen\n"
          "und den Server unter Umständen vollständig übernehmen.");
    CHECK(p.en.starts_with("Redis is an in-memory data store. By default, Redis does not require\n"));
    CHECK(p.en.ends_with("take over the server completely."));
    check_desk_voice(p.de);
    check_desk_voice(p.en);
  }
  TEST_CASE("problem text of a German-only Sicherheitsinformation: no English, no banner") {
    ProblemText p = problem_text(sample("cbreport-exchange-german").explanation);
    CHECK(p.de.starts_with("Microsoft hat im Februar 2024 Sicherheitsupdates für Exchange Server\n"));
    CHECK(p.de.ends_with("um sich als ein anderer Benutzer zu authentisieren."));
    CHECK(p.en.empty());
    CHECK(p.de.find("*****") == std::string::npos);
    check_desk_voice(p.de);
  }
  TEST_CASE("problem text of a legacy report keeps the references its text cites") {
    ProblemText p = problem_text(sample("legacy-memcached").explanation);
    CHECK(p.de.starts_with("Memcached[1] ist ein Open-Source Cache-Server"));
    CHECK(p.de.find("Im Rahmen des Shadowserver") != std::string::npos);
    CHECK(p.de.find("Referenzen:\n\n[1] Memcached") != std::string::npos);
    CHECK(p.de.find("CERT-Bund#2015020428001061") == std::string::npos);
    CHECK(p.en.starts_with("Memcached[1] is an open-source distributed memory object caching system"));
    CHECK(p.en.find("References:") != std::string::npos);
    CHECK(p.en.find("Falls Sie") == std::string::npos);
    check_desk_voice(p.de);
    check_desk_voice(p.en);
  }
  TEST_CASE("problem text of a ticket whose English letter follows the table") {
    Report r = sample("ticket-smime-ddos");
    ProblemText p = problem_text(r.explanation);
    CHECK(p.de.starts_with("CERT-Bund wurde von einem Partner-CERT über einen DDoS-Angriff"));
    CHECK(p.en.starts_with("CERT-Bund has been informed by a partner CERT about a DDoS attack"));
    for (const std::string& text : {p.de, p.en}) {
      CHECK(text.find("192.0.2.53") == std::string::npos);  // the rows stay in the table
      CHECK(text.find("restrict") == std::string::npos);
      check_desk_voice(text);
    }
  }
  TEST_CASE("problem text of a manual ticket without rule lines: two letters, closing cut") {
    ProblemText p = problem_text(sample("mssql-manual-prose").explanation);
    CHECK(p.de.starts_with("uns wurde gemeldet, dass auf dem System"));
    CHECK(p.de.find("the MS-SQL Browser") == std::string::npos);
    CHECK(p.en.starts_with("the MS-SQL Browser service (1434/udp)"));
    CHECK(p.en.find("Mit freundlichen") == std::string::npos);
  }
  TEST_CASE("problem text: the attachment notice and the HOWTO pointer are not explanation") {
    std::string text =
        "[English version below]\n\nSehr geehrte Damen und Herren,\n\nDas Problem ist dieses.\n\n"
        "!! Bitte beachten Sie unsere HOWTOs unter <https://example.org/>.\n\n"
        "======================================================================\n\n"
        "Dear Sir or Madam,\n\nThe problem is this.\n\n"
        "======================================================================\n"
        "Wenn Sie diese Daten künftig als Datei im Anhang statt im Text der\nE-Mail erhalten möchten, "
        "wenden Sie sich bitte an <certbund@bsi.bund.de>.\n\n"
        "If you would like to receive this data as a file attachment instead of\ninline in the future, "
        "please contact <certbund@bsi.bund.de>.\n"
        "======================================================================\n";
    ProblemText p = problem_text(text);
    CHECK(p.de == "Das Problem ist dieses.");
    CHECK(p.en == "The problem is this.");
  }
  TEST_CASE("problem text without a salutation: the words tell the language") {
    ProblemText p = problem_text(
        "Auf dem System ist der Dienst offen und wird missbraucht.\n\n"
        "The service on the system is open and is abused.\n");
    CHECK(p.de == "Auf dem System ist der Dienst offen und wird missbraucht.");
    CHECK(p.en == "The service on the system is open and is abused.");
  }
}

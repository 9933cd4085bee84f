#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "notices_bodies.hpp"
#include "notices_support.hpp"

using namespace notices_test;

namespace {

const std::filesystem::path golden_dir = std::filesystem::path(CERTBUND_SOURCE_DIR) / "samples" / "notices";

// What the customer reads: the subject and the decoded text.
std::string readable(const Report& r, Language language) {
  Notice n = NoticeRenderer(config()).render(r, customer(language), r.rows, 1700000000);
  return "Subject: " + n.subject + "\n\n" + body_of(n);
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// samples/notices/NAME.txt, written anew with CERTBUND_UPDATE_GOLDEN=1
// (then read it before you commit it).
void check_golden(const std::string& name, const std::string& actual) {
  std::filesystem::path file = golden_dir / (name + ".txt");
  if (std::getenv("CERTBUND_UPDATE_GOLDEN")) std::ofstream(file, std::ios::binary) << actual;
  CAPTURE(name);
  CHECK(actual == read_file(file));
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("golden notices: one of each class, as the customer reads them") {
    check_golden("exposure-redis-de_en", readable(redis_report(), Language::de_en));
    Report memcached = report("memcached", "Offene Memcached-Server");
    memcached.report_class = ReportClass::exposure;
    memcached.rows = {memcached.rows[0]};
    for (Language l : {Language::de, Language::en, Language::de_en}) {
      std::string suffix = l == Language::de ? "de" : l == Language::en ? "en" : "de_en";
      check_golden("exposure-memcached-" + suffix, readable(memcached, l));
    }
    check_golden("vulnerability-exchange-de_en", readable(exchange_report(), Language::de_en));
    check_golden("vulnerability-exchange-en", readable(exchange_report(), Language::en));
    check_golden("infection-malware-de_en", readable(malware_report(), Language::de_en));
    check_golden("compromise-webshell-de", readable(webshell_report(), Language::de));
    check_golden("abuse-brute-force-de_en", readable(bruteforce_report(), Language::de_en));
    check_golden("phishing-en", readable(phishing_report(), Language::en));
  }
}

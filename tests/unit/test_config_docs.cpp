// The installed example config and certbund.toml(5) name every key the
// code reads, and no other; the example loads once a fingerprint is in.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "certbund/config.hpp"
#include "temp_dir.hpp"

using namespace certbund;
using certbund::test::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path k_source = CERTBUND_SOURCE_DIR;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE_MESSAGE(in, file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "section.key" for every "key = " or "#key = " line under "[section]" or
// "#[[section]]".
std::set<std::string> keys_in_example(const std::string& text) {
  static const std::regex section(R"(^#?\[\[?([a-z_]+)\]\]?\s*$)");
  static const std::regex key(R"(^#?([a-z_]+) = )");
  std::set<std::string> out;
  std::string current;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, section)) current = m[1];
    else if (std::regex_search(line, m, key)) out.insert(current + "." + m[1].str());
  }
  return out;
}

}  // namespace

TEST_SUITE("config.docs") {
  TEST_CASE("the example config names every key the code reads, and no other") {
    std::vector<std::string> keys = config_keys();
    CHECK(keys.size() >= 20);
    CHECK(std::set<std::string>(keys.begin(), keys.end()) == keys_in_example(read(k_source / "etc/certbund.toml")));
  }

  TEST_CASE("certbund.toml(5) describes every key") {
    std::string man = read(k_source / "man/certbund.toml.5.scd");
    for (const std::string& key : config_keys()) CHECK_MESSAGE(man.find("*" + key + "*") != std::string::npos, key);
  }

  TEST_CASE("the example config loads once CERT-Bund's fingerprint is in, and not before") {
    std::string text = read(k_source / "etc/certbund.toml");
    TempDir dir;
    auto as_shipped = load_config(dir.write("certbund.toml", text));
    REQUIRE_FALSE(as_shipped.has_value());
    CHECK(as_shipped.error().message.find("pgp.trusted_fingerprints is empty") != std::string::npos);
    std::string placeholder = "# \"AAAA BBBB";
    text.replace(text.find(placeholder), 2, "");
    auto filled = load_config(dir.write("certbund.toml", text));
    REQUIRE_MESSAGE(filled.has_value(), filled.error().message);
    CHECK(filled->database_path == "/var/lib/certbund/certbund.sqlite");
    CHECK(filled->notices.templates_dir.empty());
  }
}

// The built-in templates and templates.dir overriding them file by file.
#include <doctest/doctest.h>

#include <fstream>
#include <kainjow/mustache.hpp>
#include <map>
#include <set>
#include <sstream>

#include "notices_support.hpp"

using namespace notices_test;
using certbund::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> services_in(const std::map<std::string, std::string>& set, const std::string& lang) {
  std::set<std::string> out;
  std::string prefix = lang + "/exposure/";
  for (const auto& [name, text] : set) {
    if (name.starts_with(prefix)) out.insert(name.substr(prefix.size()));
  }
  return out;
}

}  // namespace

TEST_SUITE("notices.templates") {
  TEST_CASE("the binary carries every template of the source tree, byte for byte") {
    std::size_t count = 0;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(templates)) {
      if (entry.path().extension() != ".mustache") continue;
      ++count;
      std::string name = fs::relative(entry.path(), templates).replace_extension().string();
      auto it = std::ranges::find(builtin_templates(), name, &TemplateFile::name);
      REQUIRE_MESSAGE(it != builtin_templates().end(), name);
      CHECK_MESSAGE(it->text == read(entry.path()), name);
    }
    CHECK(count == builtin_templates().size());
  }

  TEST_CASE("the built-in set is complete in both languages, and parses") {
    auto set = notice_templates("");
    for (std::string lang : {"de", "en"}) {
      for (std::string name : {"subject", "notice", "exposure/default", "vulnerability/default"})
        CHECK_MESSAGE(set.contains(lang + "/" + name), lang, name);
    }
    CHECK(services_in(set, "de") == services_in(set, "en"));
    CHECK(services_in(set, "de").contains("memcached"));
  }

  TEST_CASE("without templates.dir a notice is rendered from the built-in templates") {
    Report r = report("memcached", "Offene Memcached-Server");
    Notice n = NoticeRenderer(config("")).render(r, customer(Language::de_en), own_rows(r), 0);
    CHECK(body_of(n) == body_of(NoticeRenderer(config()).render(r, customer(Language::de_en), own_rows(r), 0)));
    CHECK(body_of(n).find("memcached") != std::string::npos);
  }

  TEST_CASE("templates.dir with one file changes that file only") {
    TempDir tmp;
    tmp.write("t/de/exposure/memcached.mustache", "NUR DIESER RAT");
    tmp.write("t/de/notes.txt", "not a template");
    NoticeRenderer renderer(config(tmp.path / "t"));
    Report r = report("memcached", "Offene Memcached-Server");
    NoticeRenderer builtin(config(""));
    std::string de = body_of(renderer.render(r, customer(Language::de), own_rows(r), 0));
    std::string builtin_de = body_of(builtin.render(r, customer(Language::de), own_rows(r), 0));
    CHECK(de.find("NUR DIESER RAT") != std::string::npos);
    CHECK(builtin_de.find("NUR DIESER RAT") == std::string::npos);
    // The German frame around the advice and all of English stay built-in.
    CHECK(de.substr(0, 200) == builtin_de.substr(0, 200));
    CHECK(body_of(renderer.render(r, customer(Language::en), own_rows(r), 0)) ==
          body_of(builtin.render(r, customer(Language::en), own_rows(r), 0)));
  }

  // The renderer writes {{> firewall}} and {{> problem}} into the template
  // before parsing it once; kainjow would parse the partial at each render.
  TEST_CASE("partials render as kainjow renders them: in a section, not in a comment, under other delimiters") {
    const std::string partial = "P({{service}}){{#critical}}!{{/critical}}";
    const std::map<std::string, std::string> advice{
        {"plain", "a {{> problem}} b\n{{#service}}[{{>problem }}]{{/service}}\n{{! no {{> problem}} here }}\nc\n"},
        {"delimiters", "{{=<% %>=}}d <%> problem%> e\n"}};
    for (const auto& [what, text] : advice) {
      TempDir tmp;
      tmp.write("t/en/partials/problem.mustache", partial + "\n");
      tmp.write("t/en/exposure/memcached.mustache", text);
      Report r = report("memcached", "Open Memcached servers");
      std::string body =
          body_of(NoticeRenderer(config(tmp.path / "t")).render(r, customer(Language::en), own_rows(r), 0));
      kainjow::mustache::mustache kainjow{text};
      kainjow.set_custom_escape([](const std::string& s) { return s; });
      kainjow::mustache::data d;
      d.set("service", "memcached");
      d.set("critical", r.critical);
      d.set("problem", partial);
      std::string expected = kainjow.render(d);
      while (expected.ends_with('\n')) expected.pop_back();
      CHECK_MESSAGE(body.find(expected) != std::string::npos, what, ": ", expected);
    }
  }

  TEST_CASE("an invalid override names its file") {
    TempDir tmp;
    tmp.write("t/en/subject.mustache", "{{#ticket}} never closed");
    try {
      notice_templates(tmp.path / "t");
      FAIL("no failure");
    } catch (const Failure& f) {
      CHECK(f.exit() == Exit::config);
      CHECK(std::string(f.what()).find("t/en/subject.mustache: invalid template") != std::string::npos);
    }
  }
}

TEST_SUITE("notices.templates") {
  TEST_CASE("a service's advice in one language only is missing in the other") {
    auto set = notice_templates("");
    CHECK(missing_templates(set).empty());
    set["de/exposure/telnet"] = "Telnet abschalten.";
    set.erase("en/subject");
    auto missing = missing_templates(set);
    CHECK(missing == std::vector<std::string>{"en/subject", "en/exposure/telnet"});
  }
  TEST_CASE("a template in a folder no notice reads is named unused; partials and classes are used") {
    auto set = notice_templates("");
    CHECK(unused_templates(set).empty());
    set["de/services/redis"] = "Redis";
    set["en/generic"] = "generic";
    set["en/partials/signature"] = "-- Abuse Desk";
    set["en/vulnerability/citrix"] = "Citrix";
    CHECK(unused_templates(set) == std::vector<std::string>{"de/services/redis", "en/generic"});
  }

  TEST_CASE("export writes the built-in set, keeps what is there, and loads back the same") {
    TempDir tmp;
    tmp.write("t/de/subject.mustache", "MEIN BETREFF {{ticket}}");
    auto written = export_templates(tmp.path / "t");
    CHECK(written.size() == builtin_templates().size() - 1);
    CHECK(std::ranges::find(written, "de/subject") == written.end());
    CHECK(read(tmp.path / "t/de/subject.mustache") == "MEIN BETREFF {{ticket}}");
    auto exported = notice_templates(tmp.path / "t");
    auto builtin = notice_templates("");
    exported.erase("de/subject");
    builtin.erase("de/subject");
    CHECK(exported == builtin);
    CHECK(export_templates(tmp.path / "t").empty());  // a second export changes nothing
  }
}

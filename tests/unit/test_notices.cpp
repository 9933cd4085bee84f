#include <doctest/doctest.h>

#include <fstream>

#include "notices_support.hpp"

using namespace notices_test;

namespace {

bool has_header(const std::string& bytes, std::string_view prefix) {
  for (const std::string& line : header_lines(bytes)) {
    if (starts_with_ci(line, prefix)) return true;
  }
  return false;
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("de+en puts German first under an English-below hint") {
    Notice n = render(Language::de_en, report("memcached", "Offene Memcached-Server"));
    std::string body = body_of(n);
    CHECK(body.starts_with("[English version below]\n\n"));
    size_t german = body.find("Sehr geehrte Damen und Herren,");
    size_t separator = body.find(std::string(72, '='));
    size_t english = body.find("Dear Sir or Madam,");
    REQUIRE(german != std::string::npos);
    REQUIRE(english != std::string::npos);
    CHECK(german < separator);
    CHECK(separator < english);
    CHECK(n.subject == "[CB-Report#20171204-10001828] Offene Memcached-Server: betroffene Systeme / affected systems");
  }
  TEST_CASE("English only has no German") {
    Notice n = render(Language::en, report("memcached", "Offene Memcached-Server"));
    std::string body = body_of(n);
    CHECK(body.find("Sehr geehrte") == std::string::npos);
    CHECK(body.find("Zeitstempel") == std::string::npos);
    CHECK(body.find("English version below") == std::string::npos);
    CHECK(n.subject == "[CB-Report#20171204-10001828] Open Memcached servers: affected systems");
  }
  TEST_CASE("German only has no English") {
    std::string body = body_of(render(Language::de, report("redis", "Offene Redis-Server")));
    CHECK(body.find("Dear Sir") == std::string::npos);
    CHECK(body.find("How to fix") == std::string::npos);
  }
  TEST_CASE("only the customer's rows appear") {
    std::string body = body_of(render(Language::de_en, report("memcached", "Offene Memcached-Server")));
    CHECK(body.find("192.0.2.1 ") != std::string::npos);
    CHECK(body.find("192.0.2.2 ") != std::string::npos);
    CHECK(body.find("198.51.100.7") == std::string::npos);
    CHECK(body.find("sind die folgenden 2 Systeme") != std::string::npos);
  }
  TEST_CASE("table: aligned columns, extra column titles, empty cell as dash") {
    std::string body = body_of(render(Language::en, report("memcached", "Offene Memcached-Server")));
    CHECK(body.find("  IP address  Port   Timestamp (UTC)      Memcached version\n"
                    "  192.0.2.1   11211  2015-05-03 03:21:11  1.4.17\n"
                    "  192.0.2.2   11211  2015-05-03 03:21:11  -\n") != std::string::npos);
  }
  TEST_CASE("table: no Port column when no row has a port") {
    Report r = report("memcached", "Offene Memcached-Server");
    for (Row& row : r.rows) row.port.reset();
    std::string body = body_of(NoticeRenderer(config()).render(r, customer(Language::de), own_rows(r), 0));
    CHECK(body.find("  IP-Adresse  Zeitstempel (UTC)    Memcached version\n") != std::string::npos);
  }
  TEST_CASE("a service without advice gets CERT-Bund's explanation and the cut-down table") {
    Report r = report("other", "Schadprogramm-Infektionen");
    Notice n = NoticeRenderer(config()).render(r, customer(Language::de_en), {r.rows[2]}, 0);
    std::string body = body_of(n);
    CHECK(body.find("  CERT-Bund erklaert hier das Problem.") != std::string::npos);
    CHECK(body.find("198.51.100.7") != std::string::npos);
    CHECK(body.find("192.0.2.1 ") == std::string::npos);
    CHECK(body.find("ist das folgende System") != std::string::npos);
    CHECK(n.subject.find("Schadprogramm-Infektionen") == std::string::npos);  // the unsigned Subject's topic
  }
  TEST_CASE("generic notice in English only quotes the explanation itself") {
    Report r = report("other", "Schadprogramm-Infektionen");
    std::string body = body_of(NoticeRenderer(config()).render(r, customer(Language::en), own_rows(r), 0));
    CHECK(body.find("  CERT-Bund erklaert hier das Problem.") != std::string::npos);
    CHECK(body.find("German part above") == std::string::npos);
  }
  TEST_CASE("no empty lines pile up and prose is wrapped at 72 columns") {
    for (Language language : {Language::de, Language::en, Language::de_en}) {
      for (std::string service : {"memcached", "other"}) {
        Report r = report(service, "Ein sehr langer Titel, der die Zeile mit dem Ticket deutlich verlängert");
        std::string body = body_of(NoticeRenderer(config()).render(r, customer(language), own_rows(r), 0));
        CHECK(body.find("\n\n\n") == std::string::npos);
        for (std::string_view line : split_lines(body)) {
          if (!line.starts_with(' ') && line != std::string(72, '=')) CHECK(line.size() <= 80);
        }
      }
    }
  }
  TEST_CASE("headers of an unsigned notice") {
    Notice n = render(Language::de, report("memcached", "Offene Memcached-Server"));
    std::string head = head_of(n.bytes);
    CHECK(head.starts_with("From: Abuse Desk <abuse@example.net>\r\n"));
    CHECK(head.find("\r\nTo: abuse@muster.example, noc@muster.example\r\n") != std::string::npos);
    CHECK(head.find("\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n") != std::string::npos);
    CHECK(head.find("\r\nMIME-Version: 1.0\r\n") != std::string::npos);
    CHECK(head.find("\r\nContent-Type: text/plain; charset=utf-8\r\n") != std::string::npos);
    CHECK(head.find("\r\nContent-Transfer-Encoding: quoted-printable\r\n") != std::string::npos);
    CHECK(head.find("\r\nAuto-Submitted: auto-generated\r\n") != std::string::npos);
    CHECK(head.find("\r\nX-CERT-Bund-Ticket: CB-Report#20171204-10001828\r\n") != std::string::npos);
    CHECK(head.find("\r\nX-Certbund-Customer: c1001\r\n") != std::string::npos);
    CHECK(n.from == "abuse@example.net");
    CHECK(n.to == std::vector<std::string>{"abuse@muster.example", "noc@muster.example"});
  }
  TEST_CASE("every line ends with CRLF") {
    std::string bytes = render(Language::de_en, report("memcached", "Offene Memcached-Server")).bytes;
    for (size_t i = bytes.find('\n'); i != std::string::npos; i = bytes.find('\n', i + 1)) {
      REQUIRE(i > 0);
      CHECK(bytes[i - 1] == '\r');
    }
  }
  TEST_CASE("Message-ID is unique and names ticket, customer and domain") {
    Report r = report("memcached", "Offene Memcached-Server");
    Notice a = render(Language::de, r), b = render(Language::de, r);
    CHECK(a.message_id != b.message_id);
    CHECK(a.message_id.starts_with("<certbund.CB-Report-20171204-10001828.c1001."));
    CHECK(a.message_id.ends_with("@example.net>"));
    CHECK(a.bytes.find("\r\nMessage-ID: " + a.message_id + "\r\n") != std::string::npos);
  }
  TEST_CASE("subject with umlauts is RFC 2047 encoded") {
    Notice n =
        render(Language::de, report("smart-install", "Cisco-Geräte mit offen erreichbarer Smart-Install-Funktion"));
    CHECK(
        n.subject ==
        "[CB-Report#20171204-10001828] Cisco-Geräte mit offen erreichbarer Smart-Install-Funktion: betroffene Systeme");
    std::string head = head_of(n.bytes);
    CHECK(head.find("\r\nSubject: [CB-Report#20171204-10001828] =?UTF-8?Q?Cisco-Ger=C3=A4te?= mit") !=
          std::string::npos);
    CHECK(head.find("Geräte") == std::string::npos);
    for (std::string_view line : split_lines(head)) {
      if (!line.starts_with("Message-ID:")) CHECK(line.size() <= 78);  // a msg-id cannot be folded
    }
  }
  TEST_CASE("report without ticket: the subject carries the topic, no ticket header") {
    Report r = report("memcached", "Offene Memcached-Server");
    r.ticket.clear();
    Notice n = NoticeRenderer(config()).render(r, customer(Language::de), own_rows(r), 0);
    CHECK(n.subject == "Offene Memcached-Server: betroffene Systeme");
    CHECK_FALSE(has_header(n.bytes, "X-CERT-Bund-Ticket:"));
    CHECK(n.message_id.starts_with("<certbund.none.c1001."));
    CHECK(body_of(n).find("mit der Meldung") == std::string::npos);
  }
  TEST_CASE("header injection through topic, ticket, customer name and an extra cell") {
    const std::string evil = "x\r\nBcc: evil@example.org\r\n\r\n--boundary";
    Report r = report("memcached", "Offene Memcached-Server" + evil);
    r.ticket += evil;
    r.rows[0].extra[0].second = evil;
    Customer c = customer(Language::de_en);
    c.name += evil;
    c.id += evil;
    Notice n = NoticeRenderer(config()).render(r, c, own_rows(r), 0);
    CHECK_FALSE(has_header(n.bytes, "Bcc:"));
    int content_types = 0;
    for (const std::string& line : header_lines(n.bytes)) content_types += starts_with_ci(line, "Content-Type:");
    CHECK(content_types == 1);
    CHECK(n.subject.find('\n') == std::string::npos);
    std::string body = body_of(n);
    CHECK(body.find('\r') == std::string::npos);
    CHECK(body.find("\nBcc:") == std::string::npos);
  }
  TEST_CASE("terminal escapes, C1 controls and bidi overrides in report fields never reach a customer") {
    const std::string evil =
        "\x1b]0;pwned\x07\xc2\x9b"
        "2J\xe2\x80\xae"
        "exe.pdf\xe2\x81\xa6";
    Report r = report("other", "Schadprogramm-Infektionen" + evil);
    r.ticket += evil;
    r.scope += evil;
    r.explanation += evil + "\n";
    r.rows[2].extra[0].second = evil;
    Notice n = NoticeRenderer(config()).render(r, customer(Language::de_en), {r.rows[2]}, 0);
    for (const std::string& text : {n.subject, body_of(n), n.bytes}) {
      CHECK(text.find('\x1b') == std::string::npos);
      CHECK(text.find('\x07') == std::string::npos);
      CHECK(text.find("\xc2\x9b") == std::string::npos);
      CHECK(text.find("\xe2\x80\xae") == std::string::npos);
      CHECK(text.find("\xe2\x81\xa6") == std::string::npos);
    }
    CHECK(body_of(n).find("exe.pdf") != std::string::npos);  // the text itself stays
  }
  TEST_CASE("addresses that are not bare addr-specs are skipped") {
    Customer c = customer(Language::de);
    c.emails = {"ok@example.org", "Evil <evil@example.org>", "a@b\r\nBcc: x@y", " spaced@example.org "};
    Report r = report("memcached", "Offene Memcached-Server");
    Notice n = NoticeRenderer(config()).render(r, c, own_rows(r), 0);
    CHECK(n.to == std::vector<std::string>{"ok@example.org", "spaced@example.org"});
    CHECK(n.bytes.find("evil@example.org") == std::string::npos);
  }
  TEST_CASE("a missing template directory is a config failure") {
    TempDir tmp;
    try {
      NoticeRenderer renderer(config(tmp.path / "nowhere"));
      FAIL("no failure");
    } catch (const Failure& f) {
      CHECK(f.exit() == Exit::config);
      CHECK(std::string(f.what()).find("nowhere: templates.dir is not a folder") != std::string::npos);
    }
  }
  TEST_CASE("an invalid template is a config failure") {
    TempDir tmp;
    std::filesystem::copy(templates, tmp.path / "t", std::filesystem::copy_options::recursive);
    write_file(tmp.path / "t/en/exposure/redis.mustache", "{{#open}} never closed");
    CHECK_THROWS_AS(NoticeRenderer(config(tmp.path / "t")), Failure);
  }
  TEST_CASE("an override directory wins, and may add a service") {
    TempDir tmp;
    std::filesystem::copy(templates, tmp.path / "t", std::filesystem::copy_options::recursive);
    write_file(tmp.path / "t/de/exposure/memcached.mustache", "EIGENER RAT für {{service}} <&>");
    write_file(tmp.path / "t/de/exposure/telnet.mustache", "Telnet abschalten, SSH nutzen.");
    NoticeRenderer renderer(config(tmp.path / "t"));
    Report r = report("memcached", "Offene Memcached-Server");
    std::string body = body_of(renderer.render(r, customer(Language::de), own_rows(r), 0));
    CHECK(body.find("EIGENER RAT für memcached <&>") != std::string::npos);  // not HTML-escaped
    CHECK(body.find("-U 0") == std::string::npos);
    r.service = "telnet";
    CHECK(body_of(renderer.render(r, customer(Language::de), own_rows(r), 0)).find("Telnet abschalten") !=
          std::string::npos);
  }
  TEST_CASE("a sender that is no e-mail address is a config failure") {
    CHECK_THROWS_AS(NoticeRenderer({templates, "Abuse Desk", "", ""}), Failure);
  }
  TEST_CASE("a display name with umlauts is encoded, the address stays bare") {
    NoticeRenderer renderer({templates, "Abuse-Desk Müller <abuse@example.net>", "", ""});
    Report r = report("memcached", "Offene Memcached-Server");
    Notice n = renderer.render(r, customer(Language::de), own_rows(r), 0);
    CHECK(n.bytes.starts_with("From: Abuse-Desk =?UTF-8?Q?M=C3=BCller?=\r\n <abuse@example.net>\r\n"));
    CHECK(n.from == "abuse@example.net");
  }
}

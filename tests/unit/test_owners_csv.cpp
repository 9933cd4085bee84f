#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "certbund/owners.hpp"
#include "temp_dir.hpp"

using namespace certbund;

namespace {
// A fresh folder under /tmp, removed with everything in it.
using certbund::test::TempDir;

constexpr std::string_view k_header = "id,name,email,language,networks\n";

Result<CustomersFile> read_file_of(std::string_view text) {
  TempDir dir;
  const auto file = dir.path / "customers.csv";
  std::ofstream(file, std::ios::binary) << text;
  auto result = read_customers_csv(file);
  if (!result) {
    // Drop the temporary folder from the message so tests can compare it.
    auto& m = result.error().message;
    m.erase(0, dir.path.string().size() + 1);
  }
  return result;
}

Result<std::vector<Customer>> read_text(std::string_view text) {
  auto result = read_file_of(text);
  if (!result) return std::unexpected(result.error());
  return result->customers;
}

std::string error_of(std::string_view text) {
  auto result = read_text(text);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().exit == Exit::data);
  return result.error().message;
}
}  // namespace

TEST_SUITE("owners") {
  TEST_CASE("customers sample: three customers as samples/customers.csv lists them") {
    auto read = read_customers_csv(std::filesystem::path(CERTBUND_SOURCE_DIR) / "samples/customers.csv");
    REQUIRE(read.has_value());
    CHECK(read->encoding == "UTF-8");
    CHECK(read->separator == ',');
    const auto* customers = &read->customers;
    REQUIRE(customers->size() == 3);
    const auto& c = (*customers)[0];
    CHECK(c.id == "c1001");
    CHECK(c.name == "Muster Hosting GmbH");
    CHECK(c.emails == std::vector<std::string>{"abuse@muster.example", "noc@muster.example"});
    CHECK(c.language == Language::de);
    REQUIRE(c.networks.size() == 2);
    CHECK(c.networks[1].to_string() == "2001:db8:10::/48");
    CHECK((*customers)[2].language == Language::de_en);
  }
  TEST_CASE("bad CIDR /33") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,de,10.0.0.0/33\n") ==
          "customers.csv:2: \"10.0.0.0/33\" is not a network");
  }
  TEST_CASE("host bits set") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,de,10.0.0.0/8\nc2,B,b@b.example,en,192.0.2.1/24\n") ==
          "customers.csv:3: \"192.0.2.1/24\" is not a network: host bits are set");
  }
  TEST_CASE("bad language") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,fr,10.0.0.0/8\n") ==
          "customers.csv:2: \"fr\" is not a language (de, en, de+en)");
  }
  TEST_CASE("missing column") {
    CHECK(error_of("id,name,email,networks\nc1,A,a@b.example,10.0.0.0/8\n") ==
          "customers.csv:1: missing column \"language\"");
  }
  TEST_CASE("bad email among several") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example;not-an-address,de,10.0.0.0/8\n") ==
          "customers.csv:2: \"not-an-address\" is not an e-mail address");
    CHECK(error_of(std::string(k_header) + "c1,A,,de,10.0.0.0/8\n") == "customers.csv:2: no e-mail address");
  }
  TEST_CASE("duplicate id") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,de,10.0.0.0/8\nc1,B,b@b.example,de,\n") ==
          "customers.csv:3: duplicate customer id \"c1\"");
  }
  TEST_CASE("one network listed for two customers") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,de,10.0.0.0/8\nc2,B,b@b.example,de,10.0.0.0/8\n") ==
          "customers.csv:3: \"10.0.0.0/8\" is already listed for c1");
  }
  TEST_CASE("a network listed twice: the first such line in file order, whatever sorts first") {
    const std::string h(k_header);
    // Line 3 repeats 192.0.2.0/24 and then 10.0.0.0/8; line 4 repeats 10.0.0.0/8 again.
    CHECK(error_of(h + "c1,A,a@b.example,de,10.0.0.0/8 192.0.2.0/24\n" +
                   "c2,B,b@b.example,de,192.0.2.0/24 10.0.0.0/8\nc3,C,c@b.example,de,10.0.0.0/8\n") ==
          "customers.csv:3: \"192.0.2.0/24\" is already listed for c1");
    CHECK(error_of(h + "c1,A,a@b.example,de,10.0.0.0/8 2001:db8::/32 10.0.0.0/8\n") ==
          "customers.csv:2: \"10.0.0.0/8\" is already listed for c1");
    // An IPv4 network and the IPv6 network of the same bits are different networks.
    CHECK(read_text(h + "c1,A,a@b.example,de,0.0.0.0/0\nc2,B,b@b.example,de,::/0\n").has_value());
  }
  TEST_CASE("a network listed twice and a broken line: the earlier line is the error") {
    const std::string h(k_header);
    CHECK(error_of(h + "c1,A,a@b.example,de,10.0.0.0/8\nc2,B,b@b.example,de,10.0.0.0/8\nc3,C,c@b.example,fr,\n") ==
          "customers.csv:3: \"10.0.0.0/8\" is already listed for c1");
    CHECK(error_of(h + "c1,A,a@b.example,de,10.0.0.0/8\nc2,B,b@b.example,fr,\nc3,C,c@b.example,de,10.0.0.0/8\n") ==
          "customers.csv:3: \"fr\" is not a language (de, en, de+en)");
    CHECK(error_of(h + "c1,A,a@b.example,de,10.0.0.0/8\nc1,B,b@b.example,de,10.0.0.0/8\n") ==
          "customers.csv:3: duplicate customer id \"c1\"");
  }
  TEST_CASE("broken CSV anywhere in the file is the error, before a bad line or header above it") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,fr,\nc2,\"B,b@b.example,de,\n") ==
          "customers.csv:3: a quoted field is not closed");
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,de,10.0.0.0/8\nc2,B,b@b.example,de,10.0.0.0/8\n" +
                   "c3,C\",c@b.example,de,\n") == "customers.csv:4: a quote inside an unquoted field");
    CHECK(error_of("id,name\nc1,A\r\r\n") == "customers.csv:2: a stray carriage return");
  }
  TEST_CASE("quoted name with comma and doubled quote") {
    auto customers =
        read_text(std::string(k_header) + "c1,\"Muster, \"\"Hosting\"\" GmbH\",a@b.example,en,10.0.0.0/8\n");
    REQUIRE(customers.has_value());
    CHECK((*customers)[0].name == "Muster, \"Hosting\" GmbH");
  }
  TEST_CASE("columns found by name in any order, with BOM and CRLF") {
    auto customers = read_text(
        "\xEF\xBB\xBFnetworks,Language,id,email,name\r\n"
        "10.0.0.0/8 2001:db8::/32,en,c9,x@y.example,X\r\n");
    REQUIRE(customers.has_value());
    REQUIRE(customers->size() == 1);
    CHECK((*customers)[0].id == "c9");
    CHECK((*customers)[0].name == "X");
    CHECK((*customers)[0].networks.size() == 2);
  }
  TEST_CASE("quoted field spanning lines keeps the line count") {
    CHECK(error_of(std::string(k_header) + "c1,\"A\nB\",a@b.example,de,10.0.0.0/8\nc2,C,c@b.example,xx,\n") ==
          "customers.csv:4: \"xx\" is not a language (de, en, de+en)");
  }
  TEST_CASE("unterminated quote names the line it starts on") {
    CHECK(error_of(std::string(k_header) + "c1,\"A,a@b.example,de,10.0.0.0/8\n") ==
          "customers.csv:2: a quoted field is not closed");
  }
  TEST_CASE("wrong field count") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,de\n") == "customers.csv:2: expected 5 fields, found 4");
  }
  TEST_CASE("blank lines are skipped") {
    auto customers = read_text(std::string(k_header) + "\nc1,A,a@b.example,de,\n\n");
    REQUIRE(customers.has_value());
    CHECK(customers->size() == 1);
  }
  TEST_CASE("a Windows-1252 file as a spreadsheet saves it (tests/data/field) is converted to UTF-8") {
    auto read =
        read_customers_csv(std::filesystem::path(CERTBUND_SOURCE_DIR) / "tests/data/field/customers-windows-1252.csv");
    REQUIRE(read.has_value());
    CHECK(read->encoding == "ISO-8859-1");
    REQUIRE(read->customers.size() == 2);
    CHECK(read->customers[0].name == "Müller Bäckerei GmbH");
    CHECK(read->customers[1].emails.size() == 2);
  }
  TEST_CASE("encodings: UTF-8 with and without BOM, UTF-16 with BOM, Windows-1252 and ISO-8859-1 are named") {
    const std::string utf8 = "Müller „Bäckerei“";
    const std::string row = "c1," + utf8 + ",a@b.example,de,10.0.0.0/8\n";
    auto plain = read_file_of(std::string(k_header) + row);
    REQUIRE(plain.has_value());
    CHECK(plain->encoding == "UTF-8");
    CHECK(plain->customers[0].name == utf8);
    auto bom = read_file_of("\xEF\xBB\xBF" + std::string(k_header) + row);
    REQUIRE(bom.has_value());
    CHECK(bom->encoding == "UTF-8 with BOM");
    CHECK(bom->customers[0].name == utf8);
    // Windows-1252: the German quotes are 0x84 and 0x93, outside ISO-8859-1.
    auto cp1252 = read_file_of(std::string(k_header) +
                               "c1,M\xFCller \x84"
                               "B\xE4"
                               "ckerei\x93,a@b.example,de,10.0.0.0/8\n");
    REQUIRE(cp1252.has_value());
    CHECK(cp1252->encoding == "Windows-1252");
    CHECK(cp1252->customers[0].name == utf8);
    auto latin1 = read_file_of(std::string(k_header) +
                               "c1,Gr\xF6\xDF"
                               "e \xA7 1,a@b.example,de,10.0.0.0/8\n");
    REQUIRE(latin1.has_value());
    CHECK(latin1->encoding == "ISO-8859-1");
    CHECK(latin1->customers[0].name == "Größe § 1");
    // "Unicode text" from a spreadsheet: UTF-16LE with BOM, tab-separated.
    std::string utf16 = "\xFF\xFE";
    for (char c :
         std::string("id\tname\temail\tlanguage\tnetworks\r\nc1\tM\xFCller\ta@b.example\tde\t10.0.0.0/8\r\n")) {
      utf16 += c;
      utf16 += '\0';
    }
    auto wide = read_file_of(utf16);
    REQUIRE(wide.has_value());
    CHECK(wide->encoding == "UTF-16LE");
    CHECK(wide->separator == '\t');
    CHECK(wide->customers[0].name == "Müller");
  }
  TEST_CASE("bytes that are no text in any of those encodings fail the import with their line") {
    CHECK(error_of(std::string(k_header) + "c1,A,a@b.example,de,10.0.0.0/8\nc2,B\x81,b@b.example,de,\n") ==
          "customers.csv:3: byte 0x81 is not text in UTF-8, Windows-1252 or ISO-8859-1");
    CHECK(error_of("\xEF\xBB\xBF" + std::string(k_header) + "c1,M\xFCller,a@b.example,de,\n") ==
          "customers.csv:1: not valid UTF-8 after its byte-order mark");
  }
  TEST_CASE("separators: ';' as German spreadsheets write it, tab, and ',' with the others inside fields") {
    auto semicolon = read_file_of(
        "id;name;email;language;networks\r\n"
        "c1;\"Muster; Hosting\";\"a@b.example;c@b.example\";de;10.0.0.0/8 2001:db8::/32\r\n");
    REQUIRE(semicolon.has_value());
    CHECK(semicolon->separator == ';');
    REQUIRE(semicolon->customers.size() == 1);
    CHECK(semicolon->customers[0].name == "Muster; Hosting");
    CHECK(semicolon->customers[0].emails.size() == 2);
    CHECK(semicolon->customers[0].networks.size() == 2);
    auto tab = read_file_of("id\tname\temail\tlanguage\tnetworks\nc1\tA, B\ta@b.example\ten\t10.0.0.0/8\n");
    REQUIRE(tab.has_value());
    CHECK(tab->separator == '\t');
    CHECK(tab->customers[0].name == "A, B");
    auto comma = read_file_of("\"id\",\"name;x\",email,language,networks\nc1,A,a@b.example,en,\n");
    REQUIRE_FALSE(comma.has_value());  // the ';' inside quotes does not count: ',' it is
    CHECK(comma.error().message.ends_with("customers.csv:1: missing column \"name\""));
  }
  TEST_CASE("a ';' file's broken line still names its line") {
    CHECK(error_of("id;name;email;language;networks\nc1;A;a@b.example;de\n") ==
          "customers.csv:2: expected 5 fields, found 4");
  }
  TEST_CASE("missing file") {
    auto result = read_customers_csv("/tmp/no-such-dir-cb/customers.csv");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().exit == Exit::no_input);
    CHECK(result.error().message == "/tmp/no-such-dir-cb/customers.csv: no such file");
  }
}

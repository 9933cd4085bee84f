// JSON and CSV wherever there is a table: outbox, customers list,
// mails show (stats and incidents have theirs in test_cli*.cpp).

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

using namespace cli_test;

namespace {

NewNotice notice(const std::string& message_id) {
  return {message_id,
          "Offene Redis-Server",
          "abuse@example.net",
          {"a@muster.example", "b@muster.example"},
          "Subject: x\r\n\r\nbody\r\n"};
}

// c1 "Muster, Hosting" and two notices: 1 sent, 2 queued.
void fill(Store& store) {
  store.replace_customers({{"c1",
                            "Muster, Hosting",
                            {"a@muster.example", "b@muster.example"},
                            Language::de_en,
                            {parse_network("192.0.2.0/24").value(), parse_network("2001:db8::/32").value()}}},
                          k_t0);
  std::int64_t mail = store.add_mail({"raw", "test", "subject", "cert@example", "<m@x>"}, k_t0);
  Report report;
  report.ticket = "CB-Report#1";
  report.status = ReportStatus::parsed;
  std::int64_t report_id = store.add_report(mail, report);
  store.enqueue(notice("<n1@example.net>"), "c1", report_id, k_t0);
  store.enqueue(notice("<n2@example.net>"), "c1", report_id, k_t0 + 60);
  store.mark_sent(1, "250 2.0.0 Ok", k_t0 + 120);
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("outbox: JSON by id, with recipients, next try and the server's reply") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    auto json = nlohmann::json::parse(captured([&] { outbox(s.g, Format::json); }));
    REQUIRE(json.size() == 2);
    CHECK(json[0]["id"] == 1);
    CHECK(json[0]["status"] == "sent");
    CHECK(json[0]["customer_name"] == "Muster, Hosting");
    CHECK(json[0]["to"] == nlohmann::json::array({"a@muster.example", "b@muster.example"}));
    CHECK(json[0]["sent_at"] == "2024-01-01T00:02:00Z");
    CHECK(json[0]["next_try"].is_null());
    CHECK(json[0]["reply"] == "250 2.0.0 Ok");
    CHECK(json[1]["status"] == "queued");
    CHECK(json[1]["next_try"] == "2024-01-01T00:01:00Z");
    CHECK(json[1]["message_id"] == "<n2@example.net>");
  }

  TEST_CASE("outbox: CSV with one header and a quoted name") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    std::string csv = captured([&] { outbox(s.g, Format::csv); });
    CHECK(csv.starts_with("id,status,customer,name,ticket,to,attempts,created,next_try,sent_at,reply,delivery\r\n"));
    CHECK(csv.find("\r\n1,sent,c1,\"Muster, Hosting\",CB-Report#1,a@muster.example;b@muster.example,1,") !=
          std::string::npos);
    // Each address's own state, last.
    CHECK(csv.find(",a@muster.example sent; b@muster.example sent\r\n") != std::string::npos);
  }

  TEST_CASE("customers list: JSON with addresses and networks as arrays; CSV") {
    Setup s;
    {
      Context ctx(s.g);
      fill(ctx.store);
    }
    auto json = nlohmann::json::parse(captured([&] { customers_list(s.g, Format::json); }));
    REQUIRE(json.size() == 1);
    CHECK(json[0]["id"] == "c1");
    CHECK(json[0]["name"] == "Muster, Hosting");
    CHECK(json[0]["emails"] == nlohmann::json::array({"a@muster.example", "b@muster.example"}));
    CHECK(json[0]["language"] == "de+en");
    CHECK(json[0]["networks"] == nlohmann::json::array({"192.0.2.0/24", "2001:db8::/32"}));
    std::string csv = captured([&] { customers_list(s.g, Format::csv); });
    CHECK(csv ==
          "id,name,email,language,networks\r\n"
          "c1,\"Muster, Hosting\",a@muster.example;b@muster.example,de+en,192.0.2.0/24 2001:db8::/32\r\n");
  }

  TEST_CASE("mails show: JSON of a mail that was not verified has no report; CSV no rows") {
    Setup s;
    {
      Context ctx(s.g);
      ctx.store.add_mail({"Subject: hi\r\n\r\nplain\r\n", "test", "hi", "x@example", "<m@x>"}, k_t0);
    }
    auto json = nlohmann::json::parse(captured([&] { show_mail(s.g, 1, false, Format::json); }));
    CHECK(json["id"] == 1);
    CHECK(json["subject"] == "hi");
    CHECK(json["report"].is_null());
    CHECK(captured([&] { show_mail(s.g, 1, false, Format::csv); }) == "asn,ip,timestamp\r\n");
  }
}

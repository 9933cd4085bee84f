// mails review: the rows a person read become events and notices; a
// dismissal sets the mail aside; both keep who and why.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "certbund/pipeline.hpp"
#include "cli_fixture.hpp"

using namespace cli_test;

namespace {

// Customer c1 holds 192.0.2.0/24; mail 1 is verified, its report (ticket
// CB-Report#7, redis) needs review.
void fill(Store& store) {
  store.replace_customers(
      {{"c1", "Muster Hosting", {"abuse@muster.example"}, Language::de, {parse_network("192.0.2.0/24").value()}}},
      k_t0);
  std::int64_t mail =
      store.add_mail({"raw", "test", "[CB-Report#7] Offene Redis-Server", "cert@example", "<m@x>"}, k_t0);
  store.set_verification(mail, {Verdict::verified, SignatureKind::pgp_mime, "ABCD", "", ""});
  Report report;
  report.ticket = "CB-Report#7";
  report.topic = "Offene Redis-Server";
  report.service = "redis";
  report.status = ReportStatus::needs_review;
  report.problems = {"row 1: \"192.0.2.x\" is not an IP address"};
  store.add_report(mail, report);
}

struct Waiting : Setup {
  Waiting() {
    Context ctx(g);
    fill(ctx.store);
  }
  FixedNow now{"2024-01-02T00:00:00Z"};
  std::vector<int> waiting() {
    MailQuery q;
    q.status = "needs_review";
    q.format = Format::json;
    std::vector<int> ids;
    for (const auto& m : nlohmann::json::parse(captured([&] { mails(g, q); }))) ids.push_back(m["id"].get<int>());
    return ids;
  }
};

const char* k_rows =
    "\"asn\",\"ip\",\"timestamp\",\"port\"\n"
    "\"64496\",\"192.0.2.17\",\"2024-01-01 03:00:00\",\"6379\"\n"
    "\"64496\",\"203.0.113.5\",\"2024-01-01 03:00:00\",\"6379\"\n";

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("mails review --rows: events and a notice as for a parsed report, recorded as read by whom") {
    Waiting s;
    CHECK(s.waiting() == std::vector<int>{1});
    ReviewRequest r;
    r.rows_file = s.dir.write("rows.csv", k_rows).string();
    r.by = "alice";
    r.note = "IP fixed from the prose";
    CHECK(review_mail(s.g, 1, r) == 0);
    CHECK(s.waiting().empty());

    Context ctx(s.g);
    CHECK(ctx.store.mail(1)->status == MailStatus::parsed);
    CHECK(ctx.store.mail(1)->rows == 2);
    CHECK(ctx.store.mail(1)->ticket == "CB-Report#7");
    IncidentFilter all;
    auto incidents = ctx.store.incidents(all);
    REQUIRE(incidents.size() == 2);
    CHECK(incidents[0].service == "redis");
    CHECK(incidents[0].customer == "c1");
    CHECK_FALSE(incidents[1].customer.has_value());
    auto outbox = ctx.store.outbox();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].ticket == "CB-Report#7");
    CHECK(outbox[0].bytes.find("192.0.2.17") != std::string::npos);
    auto reviews = ctx.store.reviews(1);
    REQUIRE(reviews.size() == 1);
    CHECK(reviews[0].by == "alice");
    CHECK(reviews[0].action == ReviewAction::rows);
    CHECK(reviews[0].note == "IP fixed from the prose");
    CHECK(reviews[0].rows_csv == k_rows);
    CHECK(reviews[0].at == k_t0 + k_day);
    auto story = ctx.store.incident_story(incidents[0].id);
    CHECK(story->events.at(0).reviewed_by == "alice");

    auto stats_json = nlohmann::json::parse(captured([&] { stats(s.g, Format::json); }));
    CHECK(stats_json["review"]["waiting"] == 0);
    CHECK(stats_json["review"]["reviewed"] == 1);

    // A reparse keeps the person's reading.
    Pipeline pipeline(ctx.config, ctx.store);
    pipeline.reparse(1, k_t0 + 2 * k_day);
    CHECK(ctx.store.mail(1)->status == MailStatus::parsed);
    CHECK(ctx.store.mail(1)->rows == 2);
  }

  TEST_CASE("mails review --dismiss: the mail is set aside with who and why; stats counts it") {
    Waiting s;
    auto stats_json = nlohmann::json::parse(captured([&] { stats(s.g, Format::json); }));
    CHECK(stats_json["review"]["waiting"] == 1);
    ReviewRequest r;
    r.dismiss = true;
    r.note = "a test mail from CERT-Bund";
    r.by = "bob";
    CHECK(review_mail(s.g, 1, r) == 0);
    CHECK(s.waiting().empty());
    auto json = nlohmann::json::parse(captured([&] { show_mail(s.g, 1, false, Format::json); }));
    CHECK(json["status"] == "dismissed");
    REQUIRE(json["reviews"].size() == 1);
    CHECK(json["reviews"][0]["action"] == "dismissed");
    CHECK(json["reviews"][0]["by"] == "bob");
    CHECK(json["reviews"][0]["note"] == "a test mail from CERT-Bund");
    stats_json = nlohmann::json::parse(captured([&] { stats(s.g, Format::json); }));
    CHECK(stats_json["review"]["waiting"] == 0);
    CHECK(stats_json["review"]["dismissed"] == 1);
    CHECK(failure_exit([&] { review_mail(s.g, 1, r); }) == 66);  // no longer waits
  }

  TEST_CASE("mails review: bad rows exit 65 naming the file and row, and store nothing") {
    Waiting s;
    ReviewRequest r;
    r.rows_file =
        s.dir.write("rows.csv", "ip,timestamp\n192.0.2.17,2024-01-01 03:00:00\n192.0.2.x,2024-01-01\n").string();
    CHECK(failure_exit([&] { review_mail(s.g, 1, r); }) == 65);
    auto message = failure_message([&] { review_mail(s.g, 1, r); });
    CHECK(message.find("rows.csv: row 2: \"192.0.2.x\" is not an IP address") != std::string::npos);
    CHECK(s.waiting() == std::vector<int>{1});
    Context ctx(s.g);
    CHECK(ctx.store.reviews(1).empty());
    CHECK(ctx.store.incidents(IncidentFilter{}).empty());
  }

  TEST_CASE("mails review: usage errors and a mail that does not wait") {
    Waiting s;
    ReviewRequest neither;
    CHECK(failure_exit([&] { review_mail(s.g, 1, neither); }) == 64);
    ReviewRequest both;
    both.dismiss = true;
    both.note = "x";
    both.rows_file = "rows.csv";
    CHECK(failure_exit([&] { review_mail(s.g, 1, both); }) == 64);
    ReviewRequest silent;
    silent.dismiss = true;
    CHECK(failure_exit([&] { review_mail(s.g, 1, silent); }) == 64);
    ReviewRequest missing;
    missing.rows_file = (s.dir.path / "none.csv").string();
    CHECK(failure_exit([&] { review_mail(s.g, 1, missing); }) == 66);
    ReviewRequest dismiss;
    dismiss.dismiss = true;
    dismiss.note = "x";
    CHECK(failure_exit([&] { review_mail(s.g, 2, dismiss); }) == 66);  // no such mail
  }
}

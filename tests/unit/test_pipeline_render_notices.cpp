// render_notices: a report's notices rendered on several threads are the
// notices one thread renders, each job with its own customer's rows.

#include <doctest/doctest.h>

#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "notices_support.hpp"
#include "render_notices.hpp"

using namespace notices_test;

namespace {

constexpr UnixTime k_now = 1700000000;

// A notice's bytes with what is random in each (Message-ID, boundaries) masked.
std::string masked(const std::string& bytes) {
  static const std::regex random_parts("certbund-[0-9a-f]+|<[^>@]*@[^>]*>");
  return std::regex_replace(bytes, random_parts, "X");
}

// 120 rows; customer k of 40 gets rows k, k + 40 and k + 80 (incidents 1000 + row).
struct Fixture {
  Report report = [] {
    Report r = notices_test::report("memcached", "Offene Memcached-Server");
    r.rows.clear();
    for (int i = 0; i < 120; ++i)
      r.rows.push_back(row("192.0.2." + std::to_string(i), 11211 + i, "1.4." + std::to_string(i)));
    return r;
  }();
  std::vector<RecordedEvents::Notified> notified = [] {
    std::vector<RecordedEvents::Notified> out;
    for (std::uint32_t k = 0; k < 40; ++k) {
      for (std::uint32_t row = k; row < 120; row += 40) out.push_back({k, row, 1000 + row});
    }
    return out;
  }();
  std::vector<NoticeJob> jobs() const {
    std::vector<NoticeJob> out;
    for (std::size_t k = 0; k < 40; ++k) {
      Customer c = customer(k % 2 ? Language::en : Language::de_en);
      c.id = "c" + std::to_string(k);
      out.push_back({c, std::span(notified).subspan(3 * k, 3), {}, std::nullopt});
    }
    return out;
  }
};

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("render_notices: on four threads each job gets the notice one thread renders of its own rows") {
    Fixture f;
    const NoticeRenderer renderer(config());
    std::vector<NoticeJob> jobs = f.jobs();
    render_notices(renderer, f.report, k_now, jobs, 4);
    for (std::size_t k = 0; k < jobs.size(); ++k) {
      const std::vector<Row> own{f.report.rows[k], f.report.rows[k + 40], f.report.rows[k + 80]};
      const Notice alone = renderer.render(f.report, jobs[k].customer, own, k_now);
      REQUIRE(jobs[k].notice);
      CHECK(masked(jobs[k].notice->bytes) == masked(alone.bytes));
      CHECK(jobs[k].notice->subject == alone.subject);
      CHECK(jobs[k].incidents == std::vector<std::int64_t>{1000 + static_cast<std::int64_t>(k),
                                                           1040 + static_cast<std::int64_t>(k),
                                                           1080 + static_cast<std::int64_t>(k)});
    }
  }

  TEST_CASE("render_notices: one thread, or more threads than jobs, renders every job") {
    Fixture f;
    const NoticeRenderer renderer(config());
    for (unsigned threads : {0u, 1u, 64u}) {
      std::vector<NoticeJob> jobs = f.jobs();
      render_notices(renderer, f.report, k_now, jobs, threads);
      for (const NoticeJob& job : jobs) CHECK(job.notice.has_value());
    }
  }

  TEST_CASE("render_notices: what a render throws is thrown on the calling thread") {
    Fixture f;
    const NoticeRenderer renderer(config());
    std::vector<NoticeJob> jobs = f.jobs();
    const std::vector<RecordedEvents::Notified> beyond{{0, 500, 1}};  // no row 500
    jobs[17].notified = beyond;
    CHECK_THROWS_AS(render_notices(renderer, f.report, k_now, jobs, 4), std::out_of_range);
  }
}

#include "render_notices.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

namespace certbund {

namespace {

void render_one(const NoticeRenderer& renderer, const Report& report, UnixTime now, NoticeJob& job) {
  std::vector<Row> rows;
  rows.reserve(job.notified.size());
  job.incidents.reserve(job.notified.size());
  for (const RecordedEvents::Notified& n : job.notified) {
    rows.push_back(report.rows.at(n.row));
    job.incidents.push_back(n.incident_id);
  }
  job.notice = renderer.render(report, job.customer, rows, now);
}

}  // namespace

void render_notices(const NoticeRenderer& renderer, const Report& report, UnixTime now, std::vector<NoticeJob>& jobs,
                    unsigned threads) {
  std::atomic<std::size_t> next{0};
  std::mutex failed;
  std::exception_ptr error;
  auto work = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      try {
        render_one(renderer, report, now, jobs[i]);
      } catch (...) {
        const std::lock_guard lock(failed);
        if (!error) error = std::current_exception();
        next = jobs.size();  // the others stop at their next job
      }
    }
  };
  {
    std::vector<std::jthread> helpers;
    const std::size_t wanted = std::min<std::size_t>(std::max(threads, 1u), jobs.size());
    try {
      for (std::size_t t = 1; t < wanted; ++t) helpers.emplace_back(work);
    } catch (const std::system_error&) {
      // No thread to be had: those made, and this one, do all the jobs.
    }
    work();
  }  // joined
  if (error) std::rethrow_exception(error);
}

}  // namespace certbund

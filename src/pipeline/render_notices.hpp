#pragma once
// A report's notices rendered on every core. Private to the pipeline stage.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "certbund/notices.hpp"
#include "certbund/store.hpp"
#include "recorded_events.hpp"

namespace certbund {

// One customer's notice of a report: what goes in, and what comes out.
struct NoticeJob {
  Customer customer;
  std::span<const RecordedEvents::Notified> notified;  // the customer's rows, in row order
  std::vector<std::int64_t> incidents;                 // out: the incidents of those rows
  std::optional<Notice> notice;                        // out: rendered
};

// Renders every job's notice (NoticeRenderer::render of the customer's
// rows of `report`, at `now`) on up to `threads` threads, this one among
// them, and fills in its incidents. The threads are joined before it
// returns: VerifyChild forks only while the process has no other thread.
// Rethrows the first exception a render threw (the other jobs may then
// be left unrendered); runs on this thread alone when no thread can be made.
void render_notices(const NoticeRenderer& renderer, const Report& report, UnixTime now, std::vector<NoticeJob>& jobs,
                    unsigned threads);

}  // namespace certbund

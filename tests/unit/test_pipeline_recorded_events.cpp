// RecordedEvents: the outcomes of a report's rows kept compact, handed
// back per customer in customer id order with their rows in row order,
// as the notices are queued.

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "recorded_events.hpp"

using namespace certbund;

namespace {

EventOutcome outcome(std::size_t row, std::int64_t incident, std::optional<std::string> customer, bool notify,
                     bool duplicate = false) {
  EventOutcome e;
  e.row = row;
  e.event_id = 100 + static_cast<std::int64_t>(row);
  e.incident_id = incident;
  e.customer = std::move(customer);
  e.notify = notify;
  e.duplicate = duplicate;
  return e;
}

// "customer: row/incident row/incident ..." per call of for_each_customer.
std::vector<std::string> groups(RecordedEvents& recorded) {
  std::vector<std::string> out;
  recorded.for_each_customer([&](const std::string& customer, std::span<const RecordedEvents::Notified> rows) {
    std::string line = customer + ":";
    for (const auto& n : rows) line += " " + std::to_string(n.row) + "/" + std::to_string(n.incident_id);
    out.push_back(line);
  });
  return out;
}

}  // namespace

TEST_SUITE("pipeline recorded events") {
  TEST_CASE("customers in id order (bytewise), each one's rows in row order, only the notified ones") {
    RecordedEvents recorded(7);
    recorded.add(outcome(0, 10, "c-2", true));
    recorded.add(outcome(1, 11, "C-9", true));
    recorded.add(outcome(2, 12, "c-2", false));  // not notified: no notice row
    recorded.add(outcome(3, 13, std::nullopt, false));
    recorded.add(outcome(4, 14, "c-10", true));
    recorded.add(outcome(5, 10, "c-2", true));
    recorded.add(outcome(6, 15, "C-9", true, true));
    CHECK(groups(recorded) == std::vector<std::string>{"C-9: 1/11 6/15", "c-10: 4/14", "c-2: 0/10 5/10"});
  }

  TEST_CASE("counts: every outcome not a duplicate is new, every one without a customer unassigned") {
    RecordedEvents recorded(4);
    recorded.add(outcome(0, 1, "a", true));
    recorded.add(outcome(1, 1, "a", false, true));
    recorded.add(outcome(2, 2, std::nullopt, false));
    recorded.add(outcome(3, 3, std::nullopt, false, true));
    CHECK(recorded.new_events() == 2);
    CHECK(recorded.unassigned() == 2);
    CHECK(groups(recorded) == std::vector<std::string>{"a: 0/1"});
  }

  TEST_CASE("nothing to notify: no call") {
    RecordedEvents recorded(1);
    recorded.add(outcome(0, 1, std::nullopt, false));
    CHECK(groups(recorded).empty());
  }
}

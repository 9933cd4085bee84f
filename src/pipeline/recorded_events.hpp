#pragma once
// What recording a report's rows came to, kept compact for a report of a
// million rows. Private to the pipeline stage.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "certbund/store.hpp"

namespace certbund {

// Takes the EventOutcome of each row as Store::record_events makes it and
// keeps only what the notices and the counts need: 16 bytes a notified
// row (each customer id once), not 80 bytes an EventOutcome for every row.
class RecordedEvents {
 public:
  // One notified row: its index into Report::rows and its incident.
  struct Notified {
    std::uint32_t customer = 0;  // index into customers_
    std::uint32_t row = 0;
    std::int64_t incident_id = 0;
  };

  // `rows`: how many rows the report has (room for that many notified).
  explicit RecordedEvents(std::size_t rows);
  // Each outcome as record_events calls back, in any order.
  void add(const EventOutcome& e);

  std::size_t new_events() const { return new_events_; }  // outcomes not duplicate
  std::size_t unassigned() const { return unassigned_; }  // outcomes without a customer

  // Calls `each` once per customer with rows to notify, in customer id
  // order (bytewise), with those rows in row order. Sorts what it holds.
  void for_each_customer(const std::function<void(const std::string& customer, std::span<const Notified>)>& each);

 private:
  std::unordered_map<std::string, std::uint32_t> index_;  // customer id -> its index
  std::vector<std::string> customers_;
  std::vector<Notified> notified_;
  std::size_t new_events_ = 0, unassigned_ = 0;
};

}  // namespace certbund

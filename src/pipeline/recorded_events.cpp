#include "recorded_events.hpp"

#include <algorithm>
#include <limits>

namespace certbund {

RecordedEvents::RecordedEvents(std::size_t rows) {
  if (rows > std::numeric_limits<std::uint32_t>::max()) throw Failure(Exit::data, "a report of more than 2^32 rows");
  notified_.reserve(rows);
}

void RecordedEvents::add(const EventOutcome& e) {
  if (!e.duplicate) ++new_events_;
  if (!e.customer) ++unassigned_;
  if (!e.notify || !e.customer) return;
  auto [it, added] = index_.try_emplace(*e.customer, static_cast<std::uint32_t>(customers_.size()));
  if (added) customers_.push_back(*e.customer);
  notified_.push_back({it->second, static_cast<std::uint32_t>(e.row), e.incident_id});
}

void RecordedEvents::for_each_customer(
    const std::function<void(const std::string& customer, std::span<const Notified>)>& each) {
  std::unordered_map<std::string, std::uint32_t>().swap(index_);
  // Each customer's rank in id order, then the rows by rank and row.
  std::vector<std::uint32_t> by_id(customers_.size());
  for (std::uint32_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
  std::ranges::sort(by_id, [&](std::uint32_t a, std::uint32_t b) { return customers_[a] < customers_[b]; });
  std::vector<std::uint32_t> rank(customers_.size());
  for (std::uint32_t r = 0; r < by_id.size(); ++r) rank[by_id[r]] = r;
  std::ranges::sort(notified_, [&](const Notified& a, const Notified& b) {
    return rank[a.customer] != rank[b.customer] ? rank[a.customer] < rank[b.customer] : a.row < b.row;
  });
  for (auto begin = notified_.begin(); begin != notified_.end();) {
    auto end = std::find_if(begin, notified_.end(), [&](const Notified& n) { return n.customer != begin->customer; });
    each(customers_[begin->customer], std::span<const Notified>(begin, end));
    begin = end;
  }
}

}  // namespace certbund

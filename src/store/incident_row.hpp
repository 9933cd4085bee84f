#pragma once
// One incident as a row of the incidents list. Private to the store stage.

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certbund/store.hpp"
#include "statement_cache.hpp"

namespace certbund {

// SELECT ... FROM incidents i: add WHERE and ORDER BY; read each row with
// incident_from, then IncidentDetails::fill.
extern const char* const k_incident_select;
// The incident of q's row without what IncidentDetails fills in.
IncidentInfo incident_from(SQLite::Statement& q);
// The same into `incident`, reusing its strings' buffers (a list of
// millions reads every row into one IncidentInfo).
void read_incident(SQLite::Statement& q, IncidentInfo& incident);

// A map that forgets everything when it holds `limit` entries: lookups
// that repeat stay cheap and a list of millions stays small. Open
// addressing over a flat array of (hash, entry) slots, the entries in one
// vector in the order loaded: a lookup reads one slot and one entry, where
// std::unordered_map chased two or three pointers to scattered nodes (a
// sixth of a million-row list went to missing the cache there).
template <class Key, class Value>
class BoundedCache {
 public:
  explicit BoundedCache(std::size_t limit) : limit_(limit) {
    std::size_t slots = 16;
    while (slots < 2 * limit_) slots *= 2;
    mask_ = slots - 1;
  }
  // The value of `key`, from load() when not known; valid until the next
  // get or put. load() may put() other keys (and `key` itself).
  template <class Load>
  const Value& get(const Key& key, Load load) {
    if (const Value* known = find(key)) return *known;
    return put(key, load());  // load() may throw: nothing is stored then
  }

  // get(), first looking at the few entries stored after the one `near`
  // names, that of the lookup before: lookups that walk in the order the
  // entries were put read memory in order, with no hash and no slot (a
  // list of 900,000 incidents waited a twentieth of its time for the
  // slots of its customers' names). `near` is set to the entry found.
  template <class Load>
  const Value& get_near(const Key& key, std::size_t& near, Load load) {
    for (std::size_t at = near; at < near + k_near && at < entries_.size(); ++at) {
      if (entries_[at].first == key) {
        near = at;
        return entries_[at].second;
      }
    }
    near = find_entry(key);
    if (near == k_none) near = put_entry(key, load());
    return entries_[near].second;
  }

  // The value of `key` when known; valid until the next get or put.
  const Value* find(const Key& key) const {
    const std::size_t at = find_entry(key);
    return at == k_none ? nullptr : &entries_[at].second;
  }

  // Stores `value` for `key` unless it is known; the value kept.
  const Value& put(const Key& key, Value value) { return entries_[put_entry(key, std::move(value))].second; }

 private:
  static constexpr std::size_t k_none = SIZE_MAX;
  static constexpr std::size_t k_near = 4;  // entries get_near looks at

  std::size_t find_entry(const Key& key) const {
    if (slots_.empty()) return k_none;
    const std::size_t hash = std::hash<Key>{}(key);
    for (std::size_t at = hash & mask_; slots_[at].tag; at = (at + 1) & mask_) {
      if (slots_[at].tag == tag_of(hash) && entries_[slots_[at].entry].first == key) return slots_[at].entry;
    }
    return k_none;
  }

  std::size_t put_entry(const Key& key, Value value) {
    if (slots_.empty()) {
      slots_.assign(mask_ + 1, Slot{});
      entries_.reserve(limit_);
    }
    const std::size_t hash = std::hash<Key>{}(key);
    std::size_t at = hash & mask_;
    for (; slots_[at].tag; at = (at + 1) & mask_) {
      if (slots_[at].tag == tag_of(hash) && entries_[slots_[at].entry].first == key) return slots_[at].entry;
    }
    if (entries_.size() >= limit_) {
      std::fill(slots_.begin(), slots_.end(), Slot{});
      entries_.clear();
      at = hash & mask_;
    }
    slots_[at] = Slot{tag_of(hash), static_cast<std::uint32_t>(entries_.size())};
    entries_.emplace_back(key, std::move(value));
    return entries_.size() - 1;
  }

  static std::uint32_t tag_of(std::size_t hash) { return static_cast<std::uint32_t>(hash >> 32) | 1; }  // 0: empty
  struct Slot {
    std::uint32_t tag = 0, entry = 0;
  };
  std::size_t limit_, mask_ = 0;
  std::vector<Slot> slots_;  // at most half full: probes stay short
  std::vector<std::pair<Key, Value>> entries_;
};

// What an incident's row takes from other tables: the class of its latest
// report and its tickets (oldest report first, each once, none empty), its
// customer's name and when its last notice was sent. Incidents asked for
// in rising id order (a list by id) are served by stepping along the
// events and outbox_incidents indexes; any other order costs a search per
// incident. Lives within one read (its statements stay open): the store's
// SQLite errors pass through.
class IncidentDetails {
 public:
  explicit IncidentDetails(StatementCache& sql);
  // Sets report_class, tickets, last_notice and customer_name of `incident`.
  void fill(IncidentInfo& incident);

 private:
  // The rows (incident_id, x) of a query taking the lowest incident id as
  // its one parameter, ordered by incident id: read forward while the ids
  // asked for rise, searched again when they do not or jump far.
  class Cursor {
   public:
    Cursor(StatementCache& sql, std::string_view text);
    // each(row) for every row of incident `id`.
    template <class Each>
    void rows_of(std::int64_t id, Each each) {
      go_to(id);
      for (; !done_ && at_ == id; step()) each(*q_);
    }

   private:
    void go_to(std::int64_t id);
    void seek(std::int64_t id);
    void step();
    Query q_;
    bool asked_ = false, done_ = true;
    std::int64_t last_asked_ = 0, at_ = 0;
  };
  struct ReportFacts {
    std::string report_class, ticket;
  };

  const ReportFacts* report(std::int64_t id);  // nullptr: no such report
  std::optional<UnixTime> sent_at(std::int64_t outbox_id);
  const std::optional<std::string>& customer_name(const std::string& id);  // valid until the next call

  StatementCache& sql_;
  Cursor events_, notices_;
  BoundedCache<std::int64_t, std::optional<ReportFacts>> reports_{1 << 16};
  BoundedCache<std::int64_t, std::optional<UnixTime>> sent_{1 << 17};
  BoundedCache<std::string, std::optional<std::string>> names_{1 << 17};
  std::size_t near_name_ = 0;  // names_'s entry of the last customer_name
};

}  // namespace certbund

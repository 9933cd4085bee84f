#pragma once
// One incident as a row of the incidents list. Private to the store stage.

#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "certbund/store.hpp"
#include "statement_cache.hpp"

namespace certbund {

// SELECT ... FROM incidents i: add WHERE and ORDER BY; read each row with
// incident_from, then IncidentDetails::fill.
extern const char* const k_incident_select;
// The incident of q's row without what IncidentDetails fills in.
IncidentInfo incident_from(SQLite::Statement& q);

// A map that forgets everything when it holds `limit` entries: lookups
// that repeat stay cheap and a list of millions stays small.
template <class Key, class Value>
class BoundedCache {
 public:
  explicit BoundedCache(std::size_t limit) : limit_(limit) {}
  // The value of `key`, from load() when not known; valid until the next get.
  template <class Load>
  const Value& get(const Key& key, Load load) {
    if (auto it = map_.find(key); it != map_.end()) return it->second;
    if (map_.size() >= limit_) map_.clear();
    return map_.emplace(key, load()).first->second;
  }

 private:
  std::size_t limit_;
  std::unordered_map<Key, Value> map_;
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
  std::optional<std::string> customer_name(const std::string& id);

  StatementCache& sql_;
  Cursor events_, notices_;
  BoundedCache<std::int64_t, std::optional<ReportFacts>> reports_{1 << 16};
  BoundedCache<std::int64_t, std::optional<UnixTime>> sent_{1 << 17};
  BoundedCache<std::string, std::optional<std::string>> names_{1 << 17};
};

}  // namespace certbund

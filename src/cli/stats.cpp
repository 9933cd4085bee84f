#include <iostream>
#include <map>

#include "certbund/cli.hpp"
#include "certbund/store.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

std::string label(const IncidentStats& s) { return s.key.value_or("(unassigned)"); }

// Median time from the first scan to the resolution, in days.
std::string median_days(const IncidentStats& s) {
  if (!s.median_fix) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(*s.median_fix) / k_day_seconds);
  return buf;
}

Table counts_table(const std::string& title, const std::vector<IncidentStats>& list) {
  Table t{{title, "open", "resolved", "median days to fix"}, {}};
  for (const IncidentStats& s : list) {
    t.rows.push_back({label(s), std::to_string(s.open), std::to_string(s.resolved), median_days(s)});
  }
  return t;
}

std::vector<std::pair<std::string, std::int64_t>> review_counts(const Stats& s) {
  return {{"waiting", s.review_waiting}, {"reviewed", s.reviewed}, {"dismissed", s.dismissed}};
}

// One CSV table for all four: a section column says which, the columns
// a section has no value for are empty.
Table csv_table(const Stats& stats, const std::map<std::string, std::int64_t>& by_status) {
  Table t{{"section", "key", "open", "resolved", "median_days_to_fix", "mails"}, {}};
  auto add = [&](const char* section, const std::vector<IncidentStats>& list) {
    for (const IncidentStats& s : list) {
      std::string median = median_days(s);
      t.rows.push_back(
          {section, label(s), std::to_string(s.open), std::to_string(s.resolved), median == "-" ? "" : median, ""});
    }
  };
  add("service", stats.by_service);
  add("customer", stats.by_customer);
  for (const auto& [key, n] : by_status) t.rows.push_back({"mails", key, "", "", "", std::to_string(n)});
  for (const auto& [key, n] : review_counts(stats)) t.rows.push_back({"review", key, "", "", "", std::to_string(n)});
  return t;
}

// The keys come unique and in order: appended to the object's list of
// members, as operator[] (which searches that list for each key, 35 s
// for 100,000 customers) would have placed them.
nlohmann::ordered_json counts_json(const std::vector<IncidentStats>& list) {
  using Json = nlohmann::ordered_json;
  Json out = Json::object();
  auto& members = static_cast<Json::object_t::Container&>(out.get_ref<Json::object_t&>());
  members.reserve(list.size());
  for (const IncidentStats& s : list) {
    Json median = s.median_fix ? Json(static_cast<double>(*s.median_fix) / k_day_seconds) : Json(nullptr);
    members.emplace_back(label(s), Json{{"open", s.open}, {"resolved", s.resolved}, {"median_days_to_fix", median}});
  }
  return out;
}

// What purges deleted, so far: counted above (incidents) or gone.
nlohmann::ordered_json purged_json(const Stats& s) {
  return {{"incidents", s.purged.incidents},
          {"events", s.purged.events},
          {"notices", s.purged.notices},
          {"mails", s.purged.mails},
          {"last", s.last_purge ? nlohmann::ordered_json(format_iso8601(*s.last_purge)) : nlohmann::ordered_json()}};
}

Table purged_table(const Stats& s) {
  return {{"purged (last " + format_iso8601(*s.last_purge) + ")", "count"},
          {{"incidents", std::to_string(s.purged.incidents)},
           {"events", std::to_string(s.purged.events)},
           {"notices", std::to_string(s.purged.notices)},
           {"raw mails", std::to_string(s.purged.mails)}}};
}

}  // namespace

int stats(const Global& g, Format format) {
  Context ctx(g, Access::read);
  Stats stats = ctx.store.stats();
  std::map<std::string, std::int64_t> by_status;
  for (const MailStats& m : stats.mails) by_status[text(m.status) + " (" + text(m.verdict) + ")"] += m.count;
  if (format == Format::json) {
    nlohmann::ordered_json mails = by_status;
    nlohmann::ordered_json review{
        {"waiting", stats.review_waiting}, {"reviewed", stats.reviewed}, {"dismissed", stats.dismissed}};
    std::cout << nlohmann::ordered_json{{"services", counts_json(stats.by_service)},
                                        {"customers", counts_json(stats.by_customer)},
                                        {"mails", mails},
                                        {"purged", purged_json(stats)},
                                        {"review", review}}
                     .dump(2)
              << '\n';
    return 0;
  }
  if (format == Format::csv) {
    print_csv(std::cout, csv_table(stats, by_status));
    return 0;
  }
  print_table(std::cout, counts_table("service", stats.by_service));
  std::cout << '\n';
  print_table(std::cout, counts_table("customer", stats.by_customer));
  std::cout << '\n';
  Table mails{{"mail status (verdict)", "mails"}, {}};
  for (const auto& [key, n] : by_status) mails.rows.push_back({key, std::to_string(n)});
  print_table(std::cout, mails);
  std::cout << '\n';
  Table review{{"review", "mails"}, {}};
  for (const auto& [key, n] : review_counts(stats)) review.rows.push_back({key, std::to_string(n)});
  print_table(std::cout, review);
  if (stats.last_purge) {
    std::cout << '\n';
    print_table(std::cout, purged_table(stats));
  }
  return 0;
}

}  // namespace certbund::cli

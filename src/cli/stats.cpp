#include <algorithm>
#include <iostream>
#include <map>

#include "certbund/store.hpp"
#include "commands.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

struct Counts {
  std::size_t open = 0, resolved = 0;
  std::vector<UnixTime> fix_times;  // resolved_at - first_seen, seconds
};

std::string days(UnixTime seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(seconds) / 86400.0);
  return buf;
}

// Median time from the first scan to the resolution, in days.
std::string median_fix(std::vector<UnixTime> times) {
  if (times.empty()) return "-";
  std::ranges::sort(times);
  return days(times[times.size() / 2]);
}

void tally(std::map<std::string, Counts>& by, const std::string& key, const IncidentInfo& i) {
  Counts& c = by[key];
  if (i.status == "open") {
    ++c.open;
  } else {
    ++c.resolved;
    if (i.resolved_at) c.fix_times.push_back(std::max<UnixTime>(0, *i.resolved_at - i.first_seen));
  }
}

Table counts_table(const std::string& title, const std::map<std::string, Counts>& by) {
  Table t{{title, "open", "resolved", "median days to fix"}, {}};
  for (const auto& [key, c] : by) {
    t.rows.push_back({key, std::to_string(c.open), std::to_string(c.resolved), median_fix(c.fix_times)});
  }
  return t;
}

nlohmann::ordered_json counts_json(const std::map<std::string, Counts>& by) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, c] : by) {
    std::vector<UnixTime> times = c.fix_times;
    std::ranges::sort(times);
    nlohmann::ordered_json median = times.empty() ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(times[times.size() / 2] / 86400.0);
    out[key] = {{"open", c.open}, {"resolved", c.resolved}, {"median_days_to_fix", median}};
  }
  return out;
}

}  // namespace

int stats(const Global& g, Format format) {
  Config config = load(g);
  Store store(config.database_path, config.busy_timeout_ms);
  std::map<std::string, Counts> by_service, by_customer;
  IncidentFilter every;
  every.state = IncidentFilter::State::all;
  for (const IncidentInfo& i : store.incidents(every)) {
    tally(by_service, i.service, i);
    tally(by_customer, i.customer.value_or("(unassigned)"), i);
  }
  std::map<std::string, std::size_t> by_status;
  for (const MailInfo& m : store.mails(MailFilter{})) ++by_status[m.status + " (" + m.verdict + ")"];
  if (format == Format::json) {
    nlohmann::ordered_json mails = by_status;
    std::cout << nlohmann::ordered_json{{"services", counts_json(by_service)},
                                        {"customers", counts_json(by_customer)},
                                        {"mails", mails}}.dump(2)
              << '\n';
    return 0;
  }
  auto print = format == Format::csv ? print_csv : print_table;
  print(std::cout, counts_table("service", by_service));
  std::cout << '\n';
  print(std::cout, counts_table("customer", by_customer));
  std::cout << '\n';
  Table mails{{"mail status (verdict)", "mails"}, {}};
  for (const auto& [key, n] : by_status) mails.rows.push_back({key, std::to_string(n)});
  print(std::cout, mails);
  return 0;
}

}  // namespace certbund::cli

#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/store.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

IncidentFilter to_filter(const IncidentQuery& q) {
  if (int(q.open) + int(q.resolved) + int(q.all) > 1) {
    throw Failure(Exit::usage, "incidents: give only one of --open, --resolved, --all");
  }
  IncidentFilter f;
  f.state = q.all        ? IncidentFilter::State::all
            : q.resolved ? IncidentFilter::State::resolved
                         : IncidentFilter::State::open;
  f.customer = q.customer;
  f.unassigned = q.unassigned;
  f.service = q.service;
  if (q.ip) {
    f.ip = parse_network(*q.ip);
    if (!f.ip) throw Failure(Exit::usage, "--ip: \"" + *q.ip + "\" is not an address or network");
  }
  if (q.since) {
    f.since = parse_utc_timestamp(*q.since);
    if (!f.since) throw Failure(Exit::usage, "--since: \"" + *q.since + "\" is not a date (YYYY-MM-DD)");
  }
  return f;
}

Table incident_table(const std::vector<IncidentInfo>& list) {
  Table t{{"id", "ip", "port", "service", "asn", "customer", "status", "first_seen", "last_seen", "tickets"}, {}};
  for (const IncidentInfo& i : list) {
    t.rows.push_back({std::to_string(i.id), i.ip.to_string(), i.port ? std::to_string(*i.port) : "", i.service,
                      i.asn ? std::to_string(*i.asn) : "", i.customer.value_or("(unassigned)"), text(i.status),
                      format_iso8601(i.first_seen), format_iso8601(i.last_seen), join(i.tickets, " ")});
  }
  return t;
}

}  // namespace

int incidents(const Global& g, const IncidentQuery& q) {
  IncidentFilter filter = to_filter(q);
  Context ctx(g);
  auto list = ctx.store.incidents(filter);
  if (q.format == Format::json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const IncidentInfo& i : list) out.push_back(incident_json(i));
    std::cout << out.dump(2) << '\n';
  } else if (q.format == Format::csv) {
    print_csv(std::cout, incident_table(list));
  } else {
    print_table(std::cout, incident_table(list));
  }
  return 0;
}

}  // namespace certbund::cli

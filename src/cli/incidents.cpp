#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/store.hpp"
#include "filters.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

IncidentFilter::State state_of(const IncidentQuery& q) {
  if (int(q.open) + int(q.resolved) + int(q.all) > 1) {
    throw Failure(Exit::usage, "incidents: give only one of --open, --resolved, --all");
  }
  return q.all        ? IncidentFilter::State::all
         : q.resolved ? IncidentFilter::State::resolved
                      : IncidentFilter::State::open;
}

// Everything but --customer, which needs the store.
IncidentFilter to_filter(const IncidentQuery& q, UnixTime now) {
  IncidentFilter f;
  f.state = state_of(q);
  f.unassigned = q.unassigned;
  if (q.service) f.service = checked_service(*q.service);
  if (q.ip) {
    f.ip = parse_network(*q.ip);
    if (!f.ip) throw Failure(Exit::usage, "--ip: \"" + *q.ip + "\" is not an address or network");
  }
  if (q.since) f.since = parse_when("--since", *q.since, now, false);
  if (q.until) f.until = parse_when("--until", *q.until, now, true);
  f.order = list_order(q.list, incident_sort_fields());
  return f;
}

std::string time_text(const std::optional<UnixTime>& t) { return t ? format_iso8601(*t) : ""; }

Table incident_table(const std::vector<IncidentInfo>& list) {
  Table t{{"id", "ip", "port", "service", "asn", "customer", "name", "status", "first_seen", "last_seen", "resolved_at",
           "last_notice", "tickets"},
          {}};
  for (const IncidentInfo& i : list) {
    t.rows.push_back({std::to_string(i.id), i.ip.to_string(), i.port ? std::to_string(*i.port) : "", i.service,
                      i.asn ? std::to_string(*i.asn) : "", i.customer.value_or("(unassigned)"),
                      i.customer_name.value_or(""), text(i.status), format_iso8601(i.first_seen),
                      format_iso8601(i.last_seen), time_text(i.resolved_at), time_text(i.last_notice),
                      join(i.tickets, " ")});
  }
  return t;
}

}  // namespace

int incidents(const Global& g, const IncidentQuery& q) {
  IncidentFilter filter = to_filter(q, now());
  Context ctx(g, Access::read);
  if (q.customer) filter.customer = checked_customer(ctx.store, *q.customer);
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

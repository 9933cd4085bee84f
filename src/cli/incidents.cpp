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

const std::vector<std::string> k_headers{"id",          "ip",          "port",   "service",    "asn",
                                         "customer",    "name",        "status", "first_seen", "last_seen",
                                         "resolved_at", "last_notice", "tickets"};

// A time into a cell, reusing the cell's buffer.
void set_time(std::string& cell, const std::optional<UnixTime>& t) {
  cell.clear();
  if (t) append_iso8601(cell, *t);
}

// The cells of `i`'s row, into `cells` (reused from row to row).
void incident_cells(const IncidentInfo& i, std::vector<std::string>& cells) {
  cells.resize(k_headers.size());
  cells[0] = std::to_string(i.id);
  cells[1] = i.ip.to_string();
  cells[2] = i.port ? std::to_string(*i.port) : "";
  cells[3] = i.service;
  cells[4] = i.asn ? std::to_string(*i.asn) : "";
  cells[5] = i.customer.value_or("(unassigned)");
  cells[6] = i.customer_name.value_or("");
  cells[7] = to_string(i.status);
  set_time(cells[8], i.first_seen);
  set_time(cells[9], i.last_seen);
  set_time(cells[10], i.resolved_at);
  set_time(cells[11], i.last_notice);
  cells[12] = join(i.tickets, " ");
}

}  // namespace

int incidents(const Global& g, const IncidentQuery& q) {
  IncidentFilter filter = to_filter(q, now());
  Context ctx(g, Access::read);
  if (q.customer) filter.customer = checked_customer(ctx.store, *q.customer);
  // Every format streams: each incident is printed as it is read, so a
  // list of millions takes no more memory than a few thousand.
  std::ostream& out = std::cout;
  if (q.format == Format::json) {
    JsonArrayWriter writer(out);
    ctx.store.for_each_incident(filter, [&](const IncidentInfo& i) { writer.add_incident(i); });
    writer.finish();
  } else if (q.format == Format::csv) {
    // Written in blocks of some 64 KiB, not a stream write per row.
    std::vector<std::string> cells;
    std::string block;
    append_csv_row(block, k_headers);
    ctx.store.for_each_incident(filter, [&](const IncidentInfo& i) {
      incident_cells(i, cells);
      append_csv_row(block, cells);
      if (block.size() < 65536) return;
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
      block.clear();
    });
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
  } else {
    // Read once: the rows wait (in a temporary file when many) while
    // the columns widen.
    SpooledTable table(out, k_headers);
    std::vector<std::string> cells;
    ctx.store.for_each_incident(filter, [&](const IncidentInfo& i) {
      incident_cells(i, cells);
      table.add(cells);
    });
    table.finish();
  }
  return 0;
}

}  // namespace certbund::cli

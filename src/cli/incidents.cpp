#include <charconv>
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

// A number into a cell, reusing the cell's buffer; "" when not set.
template <class Number>
void set_number(std::string& cell, const std::optional<Number>& n) {
  cell.clear();
  if (!n) return;
  char digits[24];
  cell.append(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, *n).ptr - digits));
}

// The text, or `otherwise`, into a cell, reusing the cell's buffer.
void set_text(std::string& cell, const std::optional<std::string>& text, std::string_view otherwise) {
  if (text) cell.assign(*text);
  else cell.assign(otherwise);
}

// The cells of `i`'s row, into `cells` (reused from row to row: no cell
// takes a new buffer, where a name or the tickets took one per row).
void incident_cells(const IncidentInfo& i, std::vector<std::string>& cells) {
  cells.resize(k_headers.size());
  set_number(cells[0], std::optional<std::int64_t>(i.id));
  cells[1] = i.ip.to_string();
  set_number(cells[2], i.port);
  cells[3] = i.service;
  set_number(cells[4], i.asn);
  set_text(cells[5], i.customer, "(unassigned)");
  set_text(cells[6], i.customer_name, "");
  cells[7] = to_string(i.status);
  set_time(cells[8], i.first_seen);
  set_time(cells[9], i.last_seen);
  set_time(cells[10], i.resolved_at);
  set_time(cells[11], i.last_notice);
  cells[12].clear();
  for (std::size_t t = 0; t < i.tickets.size(); ++t) {
    if (t) cells[12] += ' ';
    cells[12] += i.tickets[t];
  }
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

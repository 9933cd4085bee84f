#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/owners.hpp"
#include "certbund/pipeline.hpp"
#include "certbund/store.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

// A date option's value (YYYY-MM-DD or ISO 8601, UTC); Failure(Exit::usage) otherwise.
UnixTime date_option(const std::string& option, const std::string& value) {
  auto t = parse_utc_timestamp(value);
  if (!t) throw Failure(Exit::usage, option + ": \"" + value + "\" is not a date (YYYY-MM-DD or ISO 8601 UTC)");
  return *t;
}

std::string count(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "; valid from ...: 1 network span opened, 0 closed; 3 unassigned incidents attributed, 1 notice queued"
std::string import_summary(const CustomerImport& r, std::optional<UnixTime> valid_from) {
  std::string out = "; " + (valid_from ? "valid from " + format_iso8601(*valid_from) + ": " : std::string()) +
                    count(r.changes.opened, "network span", "network spans") + " opened, " +
                    std::to_string(r.changes.closed) + " closed";
  if (r.attributed_incidents > 0) {
    out += "; " + count(r.attributed_incidents, "unassigned incident", "unassigned incidents") + " attributed, " +
           count(r.notices, "notice", "notices") + " queued";
  }
  return out;
}

// "the first import" for a span that reaches back before it.
std::string since_text(const std::optional<UnixTime>& from) {
  return from ? format_iso8601(*from) : "the first import";
}

Table history_table(const std::vector<Holding>& spans, bool readable) {
  Table t{{"network", "from", "until"}, {}};
  for (const Holding& h : spans) {
    t.rows.push_back({h.network.to_string(),
                      h.from     ? format_iso8601(*h.from)
                      : readable ? "(first import)"
                                 : "",
                      h.to       ? format_iso8601(*h.to)
                      : readable ? "(now)"
                                 : ""});
  }
  return t;
}

nlohmann::ordered_json history_json(const Customer& c, const std::vector<Holding>& spans) {
  nlohmann::ordered_json networks = nlohmann::ordered_json::array();
  for (const Holding& h : spans) {
    networks.push_back({{"network", h.network.to_string()}, {"from", time_json(h.from)}, {"until", time_json(h.to)}});
  }
  return {{"id", c.id}, {"name", c.name}, {"networks", networks}};
}

}  // namespace

int customers_import(const Global& g, const std::string& file, const std::optional<std::string>& valid_from) {
  std::optional<UnixTime> from;
  if (valid_from) from = date_option("--valid-from", *valid_from);
  auto read = read_customers_csv(file);
  if (!read) throw Failure(read.error());
  const std::vector<Customer>& customers = read->customers;
  Context ctx(g);
  Pipeline pipeline(ctx.config, ctx.store);
  CustomerImport result = pipeline.import_customers(customers, now(), from);
  std::size_t networks = 0;
  for (const Customer& c : customers) networks += c.networks.size();
  std::string separator = read->separator == '\t' ? "tab" : std::string("'") + read->separator + "'";
  log_line(g, file + ": " + counted(customers.size(), "customer", "customers") + " with " +
                  counted(networks, "network", "networks") + " imported (read as " + read->encoding +
                  ", separated by " + separator + ")" + import_summary(result, from));
  return 0;
}

int customers_lookup(const Global& g, const std::string& text, const std::optional<std::string>& at) {
  auto ip = parse_ip(text);
  if (!ip) throw Failure(Exit::usage, "customers lookup: \"" + text + "\" is not an IP address");
  const UnixTime when = at ? date_option("--at", *at) : now();
  Context ctx(g, Access::read);
  auto match = ctx.store.owner_of(*ip, when);
  std::string subject = ip->to_string() + (at ? " at " + format_iso8601(when) : std::string());
  if (!match) {
    std::cout << subject << ": unassigned (no customer's network contains it)\n";
    return 0;
  }
  auto customer = ctx.store.customer(match->customer);
  std::cout << subject << ": " << escape_controls(match->customer) << " ("
            << escape_controls(customer ? customer->name : "?") << ") by " << match->network.to_string() << ", since "
            << since_text(match->from) << (match->to ? ", until " + format_iso8601(*match->to) : std::string()) << "\n";
  return 0;
}

int customers_history(const Global& g, const std::string& id, Format format) {
  Context ctx(g, Access::read);
  auto customer = ctx.store.customer(id);
  if (!customer) throw Failure(Exit::no_input, "customers history: no customer \"" + id + "\"");
  auto spans = ctx.store.holdings(id);
  if (format == Format::json) std::cout << history_json(*customer, spans).dump(2) << '\n';
  else if (format == Format::csv) print_csv(std::cout, history_table(spans, false));
  else print_table(std::cout, history_table(spans, true));
  return 0;
}

}  // namespace certbund::cli

#include <iostream>

#include "certbund/owners.hpp"
#include "certbund/store.hpp"
#include "certbund/cli.hpp"
#include "output.hpp"

namespace certbund::cli {

int customers_import(const Global& g, const std::string& file) {
  auto read = read_customers_csv(file);
  if (!read) throw Failure(read.error());
  const std::vector<Customer>& customers = read->customers;
  Context ctx(g);
  ctx.store.replace_customers(customers, now());
  std::size_t networks = 0;
  for (const Customer& c : customers) networks += c.networks.size();
  std::string separator = read->separator == '\t' ? "tab" : std::string("'") + read->separator + "'";
  log_line(g, file + ": " + std::to_string(customers.size()) + " customers with " + std::to_string(networks) +
                  " networks imported (read as " + read->encoding + ", separated by " + separator + ")");
  return 0;
}

int customers_lookup(const Global& g, const std::string& text) {
  auto ip = parse_ip(text);
  if (!ip) throw Failure(Exit::usage, "customers lookup: \"" + text + "\" is not an IP address");
  Context ctx(g);
  auto match = ctx.store.owner_of(*ip, now());
  if (!match) {
    std::cout << ip->to_string() << ": unassigned (no customer's network contains it)\n";
    return 0;
  }
  auto customer = ctx.store.customer(match->customer);
  std::string since = match->since <= 0 ? "the first import" : format_iso8601(match->since);
  std::cout << ip->to_string() << ": " << match->customer << " (" << (customer ? customer->name : "?")
            << ") by " << match->network.to_string() << ", since " << since << "\n";
  return 0;
}

}  // namespace certbund::cli

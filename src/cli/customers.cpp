#include <iostream>

#include "certbund/owners.hpp"
#include "certbund/store.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

std::string joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

Table customer_table(const std::vector<Customer>& list) {
  Table t{{"id", "name", "email", "language", "networks"}, {}};
  for (const Customer& c : list) {
    std::vector<std::string> nets;
    for (const Network& n : c.networks) nets.push_back(n.to_string());
    t.rows.push_back({c.id, c.name, joined(c.emails, ";"), std::string(to_string(c.language)), joined(nets, " ")});
  }
  return t;
}

}  // namespace

int customers_import(const Global& g, const std::string& file) {
  auto customers = read_customers_csv(file);
  if (!customers) throw Failure(customers.error());
  Config config = load(g);
  Store store(config.database_path, config.busy_timeout_ms);
  store.replace_customers(*customers, now());
  std::size_t networks = 0;
  for (const Customer& c : *customers) networks += c.networks.size();
  log_line(g, file + ": " + std::to_string(customers->size()) + " customers with " + std::to_string(networks) +
                  " networks imported");
  return 0;
}

int customers_list(const Global& g, Format format) {
  Config config = load(g);
  Store store(config.database_path, config.busy_timeout_ms);
  Table t = customer_table(store.customers());
  if (format == Format::csv) print_csv(std::cout, t);
  else print_table(std::cout, t);
  return 0;
}

int customers_lookup(const Global& g, const std::string& text) {
  auto ip = parse_ip(text);
  if (!ip) throw Failure(Exit::usage, "customers lookup: \"" + text + "\" is not an IP address");
  Config config = load(g);
  Store store(config.database_path, config.busy_timeout_ms);
  auto match = store.owner_of(*ip, now());
  if (!match) {
    std::cout << ip->to_string() << ": unassigned (no customer's network contains it)\n";
    return 0;
  }
  auto customer = store.customer(match->customer);
  std::string since = match->since <= 0 ? "the first import" : format_iso8601(match->since);
  std::cout << ip->to_string() << ": " << escape_controls(match->customer) << " ("
            << escape_controls(customer ? customer->name : "?") << ") by " << match->network.to_string()
            << ", since " << since << "\n";
  return 0;
}

}  // namespace certbund::cli

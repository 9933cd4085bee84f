// customers list: the current customers, as a table, CSV or JSON.

#include "certbund/cli.hpp"
#include "certbund/owners.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

Table customer_table(const std::vector<Customer>& list) {
  Table t{{"id", "name", "email", "language", "networks"}, {}};
  for (const Customer& c : list) {
    std::vector<std::string> nets;
    for (const Network& n : c.networks) nets.push_back(n.to_string());
    t.rows.push_back({c.id, c.name, join(c.emails, ";"), std::string(to_string(c.language)), join(nets, " ")});
  }
  return t;
}

}  // namespace

int customers_list(const Global& g, Format format) {
  Context ctx(g, Access::read);
  const std::vector<Customer> list = ctx.store.customers();
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Customer& c : list) out.push_back(customer_json(c));
  print_as(format, customer_table(list), out);
  return 0;
}

}  // namespace certbund::cli

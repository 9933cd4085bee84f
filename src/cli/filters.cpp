#include "filters.hpp"

#include <algorithm>

#include "certbund/report.hpp"

namespace certbund::cli {

std::string one_of(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

std::string checked_service(const std::string& text) {
  const std::string wanted = to_lower(trim(text));
  const std::vector<std::string> keys = service_keys();
  if (std::find(keys.begin(), keys.end(), wanted) != keys.end()) return wanted;
  std::vector<std::string_view> names(keys.begin(), keys.end());
  throw Failure(Exit::usage, "--service: \"" + text + "\" is not a service (" + one_of(names) + ")");
}

namespace {
std::string label(const Customer& c) { return c.id + " (" + c.name + ")"; }
}  // namespace

std::string checked_customer(const Store& store, const std::string& text) {
  if (store.customer(text)) return text;
  const std::string wanted = to_lower(trim(text));
  std::vector<Customer> exact, partial;
  for (Customer& c : store.customers()) {
    if (to_lower(c.name) == wanted) exact.push_back(c);
    else if (!wanted.empty() && contains_ci(c.name, wanted)) partial.push_back(c);
  }
  const std::vector<Customer>& found = exact.empty() ? partial : exact;
  if (found.size() == 1) return found[0].id;
  if (found.empty()) throw Failure(Exit::usage, "--customer: no customer has the id or a name like \"" + text + "\"");
  std::string names;
  for (const Customer& c : found) names += (names.empty() ? "" : ", ") + label(c);
  throw Failure(Exit::usage, "--customer: \"" + text + "\" could be " + names + "; give the id");
}

ListOrder list_order(const ListFlags& flags, const std::vector<std::string_view>& fields) {
  ListOrder order;
  if (flags.sort) {
    order.sort = to_lower(trim(*flags.sort));
    if (std::find(fields.begin(), fields.end(), order.sort) == fields.end()) {
      throw Failure(Exit::usage, "--sort: \"" + *flags.sort + "\" is not a field to sort by (" + one_of(fields) + ")");
    }
  }
  if (flags.limit && *flags.limit < 0) {
    throw Failure(Exit::usage, "--limit: " + std::to_string(*flags.limit) + " is negative");
  }
  order.descending = flags.reverse;
  order.limit = flags.limit;
  return order;
}

}  // namespace certbund::cli

#pragma once
// The values of list filters, checked: a value that matches nothing is a
// usage error that names the valid ones, not an empty list.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/cli.hpp"
#include "certbund/store.hpp"

namespace certbund::cli {

// "a, b or c".
std::string one_of(const std::vector<std::string_view>& names);

// The state `parse` reads from `text`; Failure(Exit::usage) naming `flag`,
// `what` ("a mail status") and the valid `names` else.
template <class Parse>
auto checked_state(const char* flag, const std::string& text, Parse parse, const char* what,
                   const std::vector<std::string_view>& names) {
  auto value = parse(text);
  if (!value) {
    throw Failure(Exit::usage, std::string(flag) + ": \"" + text + "\" is not " + what + " (" + one_of(names) + ")");
  }
  return *value;
}

// The service key `text` names, in any case; Failure(Exit::usage) listing
// the keys for any other.
std::string checked_service(const std::string& text);

// The id of the customer `text` names: an id, or a name or part of one
// (any case) that only one customer's name matches; Failure(Exit::usage)
// for none or several.
std::string checked_customer(const Store& store, const std::string& text);

// The store's ordering of a list from --sort, --reverse and --limit;
// Failure(Exit::usage) for a field not in `fields` or a negative limit.
ListOrder list_order(const ListFlags& flags, const std::vector<std::string_view>& fields);

}  // namespace certbund::cli

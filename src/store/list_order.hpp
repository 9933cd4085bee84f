#pragma once
// ORDER BY and LIMIT of a list from a ListOrder. Private to the store stage.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certbund/store.hpp"

namespace certbund {

// A field name and the SQL expression it sorts by.
using SortField = std::pair<std::string_view, std::string_view>;

// " ORDER BY <expr> [DESC], <tie> [DESC] [LIMIT n]" for `order` among
// `fields`; Failure(Exit::usage) naming the valid fields for any other.
std::string order_clause(const ListOrder& order, const std::vector<SortField>& fields, std::string_view tie);

std::vector<std::string_view> names_of(const std::vector<SortField>& fields);

}  // namespace certbund

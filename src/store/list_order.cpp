#include "list_order.hpp"

namespace certbund {

std::vector<std::string_view> names_of(const std::vector<SortField>& fields) {
  std::vector<std::string_view> out;
  for (const auto& [name, expr] : fields) out.push_back(name);
  return out;
}

std::string order_clause(const ListOrder& order, const std::vector<SortField>& fields, std::string_view tie) {
  std::string expr;
  for (const auto& [name, sql] : fields) {
    if (name == order.sort) expr = sql;
  }
  if (expr.empty()) {
    std::string valid;
    for (std::string_view name : names_of(fields)) valid += (valid.empty() ? "" : ", ") + std::string(name);
    throw Failure(Exit::usage, "--sort: \"" + order.sort + "\" is not one of " + valid);
  }
  const char* direction = order.descending ? " DESC" : "";
  std::string sql = " ORDER BY " + expr + direction + ", " + std::string(tie) + direction;
  if (order.limit) sql += " LIMIT " + std::to_string(std::max<std::int64_t>(*order.limit, 0));
  return sql;
}

}  // namespace certbund

#include "statement_cache.hpp"

namespace certbund {

Query StatementCache::get(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, std::string(sql))).first;
  }
  it->second->clearBindings();
  return Query(*it->second);
}

}  // namespace certbund

#include "statement_cache.hpp"

#include "certbund/util.hpp"

namespace certbund {

void Statement::bind(int index, const std::string& text) {
  if (is_valid_utf8(text)) SQLite::Statement::bind(index, text);
  else SQLite::Statement::bind(index, valid_utf8(text));
}

Query StatementCache::get(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<Statement>(db_, std::string(sql))).first;
  }
  it->second->clearBindings();
  return Query(*it->second);
}

}  // namespace certbund

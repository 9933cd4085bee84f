#pragma once
// Prepared statements kept per SQL text for the life of the Store.
// Private to the store stage.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace certbund {

// A cached statement on loan: reset when the loan ends, so no read
// snapshot outlives the call that used it.
class Query {
 public:
  explicit Query(SQLite::Statement& s) : s_(s) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { s_.tryReset(); }
  SQLite::Statement* operator->() { return &s_; }
  SQLite::Statement& operator*() { return s_; }

 private:
  SQLite::Statement& s_;
};

class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}
  // The statement with no parameter bound. Only one loan of the same SQL
  // text may be alive at a time.
  Query get(std::string_view sql);
  SQLite::Database& database() { return db_; }

 private:
  SQLite::Database& db_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>, std::less<>> statements_;
};

}  // namespace certbund

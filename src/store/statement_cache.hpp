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

// The store's statement: every text bound by index is valid UTF-8
// (util's valid_utf8: UTF-8 as it is, other bytes read as Windows-1252),
// so no TEXT column can hold anything else, whoever filled the value.
// Binds by name and without a copy are not offered; blobs stay as they are.
class Statement : public SQLite::Statement {
 public:
  using SQLite::Statement::bind;  // numbers, blobs, NULL
  using SQLite::Statement::Statement;
  void bind(int index, const std::string& text);
  void bind(int index, const char* text) { bind(index, std::string(text)); }
  void bind(const char*, const std::string&) = delete;
  void bind(const std::string&, const std::string&) = delete;
  void bindNoCopy(int, const std::string&) = delete;
  void bindNoCopy(int, const char*) = delete;
};

// A cached statement on loan: reset when the loan ends, so no read
// snapshot outlives the call that used it, and its bindings cleared, so
// no bound value (a mail's raw bytes) stays in memory until the next loan.
class Query {
 public:
  explicit Query(Statement& s) : s_(s) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() {
    s_.tryReset();
    try {
      s_.clearBindings();  // sqlite3_clear_bindings never fails
    } catch (...) {}
  }
  Statement* operator->() { return &s_; }
  Statement& operator*() { return s_; }

 private:
  Statement& s_;
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
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
};

}  // namespace certbund

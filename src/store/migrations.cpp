#include "migrations.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>
#include <string>

#include "certbund/store.hpp"

namespace certbund {

namespace {
std::set<std::string> applied_names(SQLite::Database& db) {
  std::set<std::string> names;
  if (!db.tableExists("schema_migrations")) return names;
  SQLite::Statement q(db, "SELECT name FROM schema_migrations");
  while (q.executeStep()) names.insert(q.getColumn(0).getString());
  return names;
}

void apply(Store& store, const Migration& m) {
  Store::Transaction tx(store);
  auto& db = store.db();
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "name TEXT PRIMARY KEY, applied INTEGER NOT NULL)");
  // Another process may have applied it while this one waited for the lock.
  if (applied_names(db).contains(std::string(m.name))) return;
  db.exec(std::string(m.sql));
  if (SQLite::Statement check(db, "PRAGMA foreign_key_check"); check.executeStep()) {
    throw Failure(Exit::data, std::string("migration ") + std::string(m.name) + ": table " +
                                  check.getColumn(0).getString() + " refers to a row that does not exist");
  }
  SQLite::Statement record(db, "INSERT INTO schema_migrations (name, applied) VALUES (?, ?)");
  record.bind(1, std::string(m.name));
  record.bind(2, static_cast<std::int64_t>(now_utc()));
  record.exec();
  tx.commit();
}
}  // namespace

void apply_migrations(Store& store) {
  const auto applied = applied_names(store.db());
  for (const auto& m : schema_migrations()) {
    if (!applied.contains(std::string(m.name))) apply(store, m);
  }
}

bool migrations_pending(Store& store) {
  const auto applied = applied_names(store.db());
  for (const auto& m : schema_migrations()) {
    if (!applied.contains(std::string(m.name))) return true;
  }
  return false;
}

}  // namespace certbund

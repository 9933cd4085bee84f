#include "certbund/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "migrations.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {
void create_parent(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw Failure(Exit::io, path.string() + ": " + ec.message());
}
}  // namespace

Store::Store(const std::filesystem::path& path, int busy_timeout_ms) : path_(path.string()) {
  create_parent(path);
  guarded(path_, [&] {
    db_ = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(busy_timeout_ms);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=NORMAL");
  });
  statements_ = std::make_unique<StatementCache>(*db_);
  // Foreign keys go on after the migrations: one that copies a table
  // cannot run with them on (apply_migrations checks them instead).
  guarded(path_, [&] {
    apply_migrations(*this);
    db_->exec("PRAGMA foreign_keys=ON");
  });
}

Store::~Store() = default;

SQLite::Database& Store::db() { return *db_; }

Store::Transaction::Transaction(Store& store) : store_(store) {
  nested_ = sqlite3_get_autocommit(store.db_->getHandle()) == 0;
  guarded(store_.path_, [&] { store_.db_->exec(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE"); });
}

Store::Transaction::~Transaction() {
  if (done_) return;
  try {
    store_.db_->exec(nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
  } catch (const SQLite::Exception&) {
    // A destructor must not throw; a transaction that cannot be rolled back
    // here ends with the connection.
  }
}

void Store::Transaction::commit() {
  guarded(store_.path_, [&] { store_.db_->exec(nested_ ? "RELEASE nested" : "COMMIT"); });
  done_ = true;
}

}  // namespace certbund

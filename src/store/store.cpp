#include "certbund/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "migrations.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {

// Only `certbund init` creates the database: every other command that
// finds none says so, rather than starting an empty one in the wrong place.
Failure missing(const std::string& path) {
  return Failure(Exit::config, path + ": no database here; run `certbund init` first (or fix database.path)");
}

// The folder 0750 and the file 0640, whatever the umask: the desk's group
// may read, nobody else. SQLite gives the -wal and -shm files the mode of
// the database file.
void create_files(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
    fs::create_directories(path.parent_path(), ec);
    if (!ec) fs::permissions(path.parent_path(), fs::perms(0750), ec);
    if (ec) throw Failure(Exit::io, path.parent_path().string() + ": " + ec.message());
  }
  if (fs::exists(path, ec)) return;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0 && errno != EEXIST) throw Failure(Exit::io, path.string() + ": " + std::strerror(errno));
  if (fd >= 0) {
    ::fchmod(fd, 0640);  // the umask may have taken bits away
    ::close(fd);
  }
}

// The -wal and -shm files stay when the last writer closes: a reader
// without write access to the folder (a desk member in the database's
// group) can open a WAL database read-only only while they exist.
void keep_wal(SQLite::Database& db) {
  int persist = 1;
  sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
}

// A Store is used by one thread at a time (its StatementCache could not
// be shared either), so its connection goes without SQLite's mutexes.
int open_flags(StoreMode mode) {
  switch (mode) {
    case StoreMode::create:
    case StoreMode::write: return SQLite::OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    case StoreMode::read_only: return SQLite::OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  }
  return SQLite::OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
}

// SQLite counts every allocation under a global mutex unless told not to
// (SQLITE_CONFIG_MEMSTATUS); certbund never reads those counts. It must be
// said before SQLite initialises, so the first Store says it.
void skip_memory_counts() {
  static const bool once = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)once;
}

}  // namespace

Store::Store(const std::filesystem::path& path, int busy_timeout_ms, StoreMode mode) : path_(path.string()) {
  skip_memory_counts();
  std::error_code ec;
  if (mode == StoreMode::create) create_files(path);
  else if (!std::filesystem::is_regular_file(path, ec)) throw missing(path_);
  guarded(path_, [&] {
    db_ = std::make_unique<SQLite::Database>(path_, open_flags(mode));
    db_->setBusyTimeout(busy_timeout_ms);
    // SQLite opens a file it may not write read-only without a word: say
    // so now, not at the first write.
    if (mode != StoreMode::read_only && sqlite3_db_readonly(db_->getHandle(), "main") == 1)
      throw Failure(Exit::config, path_ + ": not writable by this user (only the commands that read work)");
    if (mode != StoreMode::read_only) {
      db_->exec("PRAGMA journal_mode=WAL");
      keep_wal(*db_);
    }
    db_->exec("PRAGMA synchronous=NORMAL");
  });
  statements_ = std::make_unique<StatementCache>(*db_);
  if (mode == StoreMode::read_only) {
    guarded(path_, [&] {
      if (migrations_pending(*this))
        throw Failure(Exit::config, path_ + ": the schema is older than this certbund; run `certbund init`");
    });
    return;
  }
  // Foreign keys go on after the migrations: one that copies a table
  // cannot run with them on (apply_migrations checks them instead).
  guarded(path_, [&] {
    apply_migrations(*this);
    db_->exec("PRAGMA foreign_keys=ON");
  });
}

std::string database_problem(const std::filesystem::path& path, int busy_timeout_ms) {
  try {
    Store store(path, busy_timeout_ms, StoreMode::read_only);
  } catch (const Failure& e) {
    return e.what();
  }
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  if (::access(path.c_str(), R_OK | W_OK) != 0) return path.string() + ": not writable by this user";
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return dir.string() + ": folder not writable by this user (the WAL)";
  return "";
}

Store::~Store() = default;

SQLite::Database& Store::db() { return *db_; }

Store::Transaction::Transaction(Store& store, Durability durability, ForeignKeys keys) : store_(store) {
  nested_ = sqlite3_get_autocommit(store.db_->getHandle()) == 0;
  // synchronous and foreign_keys cannot change inside a transaction: a
  // nested one commits with its outer one.
  full_ = durability == Durability::full && !nested_;
  unchecked_ = keys == ForeignKeys::unchecked && !nested_;
  guarded(store_.path_, [&] {
    try {
      if (full_) store_.db_->exec("PRAGMA synchronous=FULL");
      if (unchecked_) store_.db_->exec("PRAGMA foreign_keys=OFF");
      store_.db_->exec(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
    } catch (...) {
      restore_pragmas();
      throw;
    }
  });
}

Store::Transaction::~Transaction() {
  if (done_) return;
  try {
    store_.db_->exec(nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
  } catch (const SQLite::Exception&) {
    // A destructor must not throw; a transaction that cannot be rolled back
    // here ends with the connection.
  }
  restore_pragmas();
}

void Store::Transaction::commit() {
  guarded(store_.path_, [&] { store_.db_->exec(nested_ ? "RELEASE nested" : "COMMIT"); });
  done_ = true;
  restore_pragmas();
}

void Store::Transaction::restore_pragmas() {
  if (full_) {
    full_ = false;
    try {
      store_.db_->exec("PRAGMA synchronous=NORMAL");
    } catch (const SQLite::Exception&) {
      // Left at FULL: slower, never less safe.
    }
  }
  if (unchecked_) {
    unchecked_ = false;
    try {
      store_.db_->exec("PRAGMA foreign_keys=ON");
    } catch (const SQLite::Exception&) {
      // Cannot fail outside a transaction; inside one it is ignored.
    }
  }
}

}  // namespace certbund

#include "sqlite_failure.hpp"

#include <sqlite3.h>

namespace certbund {

Failure sqlite_failure(const SQLite::Exception& e, const std::string& where) {
  switch (e.getErrorCode() & 0xff) {  // the primary code, without extended bits
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL: return Failure(Exit::temp_fail, where + ": " + e.what());
    case SQLITE_CONSTRAINT: return Failure(Exit::data, where + ": " + e.what());
    default: return Failure(Exit::io, where + ": " + e.what());
  }
}

}  // namespace certbund

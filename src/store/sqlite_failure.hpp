#pragma once
// SQLite errors as Failures with the exit code an MTA or cron acts on.
// Private to the store stage.

#include <SQLiteCpp/Exception.h>

#include <string>

#include "certbund/util.hpp"

namespace certbund {

// Busy, locked and disk full are temp_fail (try again later); a broken
// constraint is data; everything else is io. "WHERE: what".
Failure sqlite_failure(const SQLite::Exception& e, const std::string& where);

// Runs `f`, turning a SQLite::Exception into a Failure.
template <class F>
auto guarded(const std::string& where, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw sqlite_failure(e, where);
  }
}

}  // namespace certbund

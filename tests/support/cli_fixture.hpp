#pragma once
// Shared by the CLI tests: a config file and database in a fresh folder,
// and the standard output of a command.

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include "certbund/cli.hpp"
#include "temp_dir.hpp"

namespace cli_test {

using namespace certbund;
using namespace certbund::cli;
using certbund::test::TempDir;

constexpr UnixTime k_day = k_day_seconds;
constexpr UnixTime k_t0 = 1704067200;  // 2024-01-01T00:00:00Z

// `certbund init` for `g`'s config, as an operator runs it first (its
// line on standard output dropped).
inline void initialised(const Global& g) {
  std::ostringstream out;
  std::streambuf* old = std::cout.rdbuf(out.rdbuf());
  try {
    init(g);
  } catch (...) {
    std::cout.rdbuf(old);
    throw;
  }
  std::cout.rdbuf(old);
}

// A config file in a fresh folder; the database inside it, made by init;
// the built-in templates.
struct Setup {
  TempDir dir;
  Global g;
  Setup() {
    std::filesystem::create_directories(dir.path / "keys");
    g.config_path = dir.write("certbund.toml", R"(
[database]
path = "var/db.sqlite"
[pgp]
gnupg_home = "keys"
trusted_fingerprints = ["A19B0C024B439013458706469AD73BDC722C0FF2"]
[smtp]
url = "smtp://127.0.0.1:2525"
from = "abuse@example.net"
)")
                        .string();
    g.quiet = true;
    initialised(g);
  }
};

// Standard output while `run` runs.
template <class F>
std::string captured(F run) {
  std::ostringstream out;
  std::streambuf* old = std::cout.rdbuf(out.rdbuf());
  try {
    run();
  } catch (...) {
    std::cout.rdbuf(old);
    throw;
  }
  std::cout.rdbuf(old);
  return out.str();
}

// $CERTBUND_NOW (the CLI's clock, as replays fix it) set to `iso` while
// this lives, unset again however the test leaves.
struct FixedNow {
  explicit FixedNow(const char* iso) { setenv("CERTBUND_NOW", iso, 1); }
  ~FixedNow() { unsetenv("CERTBUND_NOW"); }
  FixedNow(const FixedNow&) = delete;
  FixedNow& operator=(const FixedNow&) = delete;
};

// Standard output while `run` runs at `iso` (FixedNow).
template <class F>
std::string at_now(const char* iso, F run) {
  FixedNow now(iso);
  return captured(run);
}

// The exit code of the Failure `run` throws; 0 when it throws none.
template <class F>
int failure_exit(F run) {
  try {
    run();
  } catch (const Failure& f) {
    return static_cast<int>(f.exit());
  }
  return 0;
}

// The message of the Failure `run` throws; "" when it throws none.
template <class F>
std::string failure_message(F run) {
  try {
    run();
  } catch (const Failure& f) {
    return f.what();
  }
  return "";
}

}  // namespace cli_test

#include <cstdlib>
#include <iostream>

#include "certbund/cli.hpp"
#include "progress.hpp"

namespace certbund::cli {

UnixTime now() {
  if (const char* fixed = std::getenv("CERTBUND_NOW"); fixed && *fixed) {
    if (auto t = parse_utc_timestamp(fixed)) return *t;
    throw Failure(Exit::usage, std::string("$CERTBUND_NOW: \"") + fixed + "\" is not an ISO 8601 UTC time");
  }
  return now_utc();
}

Config load(const Global& global) {
  std::optional<std::filesystem::path> explicit_path;
  if (global.config_path) explicit_path = *global.config_path;
  auto file = find_config(explicit_path);
  if (!file) throw Failure(file.error());
  auto config = load_config(*file);
  if (!config) throw Failure(config.error());
  return *config;
}

Context::Context(const Global& global, Access access)
    : config(load(global)),
      store(config.database_path, config.busy_timeout_ms,
            access == Access::read ? StoreMode::read_only : StoreMode::write) {}

void log_line(const Global& global, const std::string& line) {
  if (!global.quiet) problem_line(line);
}

void problem_line(const std::string& line) {
  Progress::line().clear();
  std::cerr << "certbund: " << escape_controls(line) << '\n';
}

}  // namespace certbund::cli

#include <filesystem>
#include <iostream>

#include "certbund/cli.hpp"

namespace certbund::cli {

int init(const Global& g) {
  Config config = load(g);
  std::error_code ec;
  const bool existed = std::filesystem::exists(config.database_path, ec);
  Store store(config.database_path, config.busy_timeout_ms, StoreMode::create);
  std::cout << config.database_path.string() << (existed ? ": ready (schema current)" : ": created") << '\n';
  return 0;
}

}  // namespace certbund::cli

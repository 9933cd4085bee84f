// The config file (TOML): every key read and checked, errors with
// file:line. Runs with no standard input: a password_file may name any path.

#include <cstddef>
#include <cstdint>

#include "certbund/config.hpp"
#include "input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static certbund::fuzz::InputFile file;
  certbund::load_config(file.write(data, size));
  return 0;
}

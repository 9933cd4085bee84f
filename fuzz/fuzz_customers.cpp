// The customers CSV (id,name,email,language,networks; RFC 4180 quoting):
// a whole file, accepted or refused with file:line.

#include <cstddef>
#include <cstdint>

#include "certbund/owners.hpp"
#include "input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static certbund::fuzz::InputFile file;
  auto customers = certbund::read_customers_csv(file.write(data, size));
  if (customers) {
    for (const certbund::Customer& c : customers->customers) {
      for (const certbund::Network& n : c.networks) certbund::parse_network(n.to_string());
    }
  }
  return 0;
}

// The MIME reader: any bytes, as they come from a mailbox, through
// parse_message (the whole tree, capped) and parse_headers (what is read
// before a mail is stored).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certbund/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  certbund::parse_message(raw);
  certbund::parse_message(raw, 2);  // the cut itself, often
  certbund::parse_headers(raw);
  return 0;
}

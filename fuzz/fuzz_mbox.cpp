// The mbox splitter: an mbox file read message by message (From_ lines,
// mboxrd ">From " unquoting, CRLF files).

#include <cstddef>
#include <cstdint>

#include "../src/source/sources.hpp"  // make_mbox_source: the splitter itself
#include "input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static certbund::fuzz::InputFile file;
  auto source = certbund::make_mbox_source(file.write(data, size));
  std::size_t bytes = 0;
  for (;;) {
    auto next = source->next();
    if (!next || !*next) break;
    bytes += (*next)->bytes.size();
    if (bytes > size) __builtin_trap();  // the messages never hold more than the file
  }
  return 0;
}

// The capped MIME parser against mimetic's own recursive one: for every
// input that mimetic can parse without exhausting the stack (few
// Content-Type fields) and without throwing, both must build the same tree.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "../src/message/capped_parser.hpp"  // parse_capped, the parser under test

namespace {

void dump(const mimetic::MimeEntity& e, std::string& out, int depth = 0) {
  out += "<entity " + std::to_string(depth) + ">\n";
  for (const mimetic::Field& f : e.header()) out += f.name() + ": " + f.value() + "\n";
  out += "<preamble>" + e.body().preamble() + "<body>" + std::string(e.body()) + "<epilogue>" +
         e.body().epilogue() + "\n";
  for (const mimetic::MimeEntity* child : e.body().parts()) dump(*child, out, depth + 1);
}

// Each nesting level needs a Content-Type field of its own.
std::size_t content_types(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i + 12 <= s.size(); ++i) {
    static constexpr std::string_view name = "content-type";
    bool match = true;
    for (std::size_t j = 0; j < name.size() && match; ++j) match = (s[i + j] | 0x20) == name[j];
    n += match;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  if (content_types(input) > 200) return 0;
  std::string expected;
  try {
    // load() rather than the parsing constructor: when mimetic throws from
    // its constructor, no destructor frees the parts already read (a leak
    // in mimetic, not in the code under test).
    mimetic::MimeEntity reference;
    reference.load(input.begin(), input.end());
    dump(reference, expected);
  } catch (const std::exception&) {
    return 0;  // mimetic's own failure (one-byte parts): not a tree to compare
  }
  mimetic::MimeEntity capped;
  // Only the depth is capped here: the parts and header caps keep what
  // mimetic would read, so the trees must match.
  certbund::MimeLimits caps(1000);
  caps.parts = std::numeric_limits<int>::max();
  caps.header_bytes = std::numeric_limits<std::size_t>::max();
  certbund::parse_capped(input, capped, caps);
  std::string actual;
  dump(capped, actual);
  if (actual != expected) __builtin_trap();
  return 0;
}

#pragma once
// mimetic's MIME parser without its recursion, and with a depth cap.

#include <mimetic/mimetic.h>

#include <string_view>

#include "certbund/message.hpp"

namespace certbund {

// Parses `raw` into `root` as mimetic::MimeEntity(begin, end) would, but
// with a loop instead of one recursive call per nesting level (50,000
// nested multiparts overflowed the stack). A multipart or message/rfc822
// nested deeper than `caps.depth` containers (the top entity counts as 1)
// is kept without its content; so is every entity after the first
// `caps.parts`, and one whose header block is longer than
// `caps.header_bytes` (its header is not read either).
struct Cuts {
  bool depth = false, parts = false, header = false;
  bool any() const { return depth || parts || header; }
};
Cuts parse_capped(std::string_view raw, mimetic::MimeEntity& root, const MimeLimits& caps);

}  // namespace certbund

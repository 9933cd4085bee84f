#pragma once
// mimetic's MIME parser without its recursion, and with a depth cap.

#include <mimetic/mimetic.h>

#include <string_view>

namespace certbund {

// Parses `raw` into `root` as mimetic::MimeEntity(begin, end) would, but
// with a loop instead of one recursive call per nesting level (50,000
// nested multiparts overflowed the stack). A multipart or message/rfc822
// nested deeper than `max_depth` containers (the top entity counts as 1)
// is kept without its content. Returns whether anything was cut.
bool parse_capped(std::string_view raw, mimetic::MimeEntity& root, int max_depth);

}  // namespace certbund

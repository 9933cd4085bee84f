#pragma once
// Works around two mimetic 0.9.8 parser bugs before it sees a message.

#include <string>
#include <string_view>

namespace certbund {

// `raw` with trailing blanks cut from boundary lines ("--b  ", which RFC
// 2046 allows but mimetic mis-parses) and with a header block that ends in
// an empty line (mimetic drops the last header line otherwise).
std::string prepared_for_mimetic(std::string_view raw);

}  // namespace certbund

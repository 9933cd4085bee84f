#pragma once
// "Did you mean ...?" for a mistyped command or option.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certbund::cli {

// The candidate closest to `word` (leading dashes aside): within an edit
// distance (insert, delete, replace, swap two neighbours) of a third of
// its length (at least 1), or the only candidate `word` is a prefix of;
// nullopt when none is close or `word` has fewer than 3 letters. Ties go
// to the first.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace certbund::cli

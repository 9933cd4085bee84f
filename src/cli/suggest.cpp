// Hand-written: the optimal string alignment distance is a dozen lines,
// and no Debian library offers it without pulling in much more.

#include "suggest.hpp"

#include <algorithm>

namespace certbund::cli {

namespace {

std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The part that names: "--cofnig" -> "cofnig".
std::string_view bare(std::string_view s) {
  while (!s.empty() && s.front() == '-') s.remove_prefix(1);
  return s;
}

}  // namespace

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string_view w = bare(word);
  if (w.size() < 3) return std::nullopt;  // "-x" is close to every one-letter option
  const std::size_t limit = std::max<std::size_t>(1, w.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  std::vector<std::string> prefixed;
  for (const std::string& c : candidates) {
    const std::size_t d = distance(w, bare(c));
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
    if (bare(c).starts_with(w)) prefixed.push_back(c);
  }
  if (best) return best;
  if (prefixed.size() == 1) return prefixed[0];
  return std::nullopt;
}

}  // namespace certbund::cli

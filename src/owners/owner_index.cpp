// Design: per family, the distinct networks sorted by (first address,
// prefix), so a wider network comes before the narrower ones it holds.
// CIDR networks are nested or disjoint, so every network holding an
// address is the network N with the greatest first address at or below it
// (the narrowest of equals), or one of N's ancestors: a look-up finds N by
// binary search and walks up the parent links until a network holds the
// address and one of its holdings was valid at the time asked.

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "certbund/owners.hpp"

namespace certbund {

namespace {

using Key4 = std::uint32_t;
using Key6 = std::pair<std::uint64_t, std::uint64_t>;  // high, low 64 bits

constexpr UnixTime k_still = std::numeric_limits<UnixTime>::max();

struct Held {
  std::uint32_t customer = 0;  // index into the names
  UnixTime from = 0, to = k_still;
};

template <class Key>
struct Raw {  // one holding while building
  Key first{};
  std::uint8_t prefix = 0;
  Held held;
};

template <class Key>
struct Table {
  std::vector<Key> first, last;
  std::vector<std::int32_t> parent;  // the next wider network holding network i; -1: none
  std::vector<std::uint32_t> begin;  // holdings of network i: held[begin[i]] .. held[begin[i + 1] - 1]
  std::vector<std::uint8_t> prefix;
  std::vector<Held> held;
};

std::uint64_t load64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}

void store64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}

Key4 key4(const IpAddress& ip) { return static_cast<Key4>(load64(ip.bytes.data() + 8)); }
Key6 key6(const IpAddress& ip) { return {load64(ip.bytes.data()), load64(ip.bytes.data() + 8)}; }

// Host bits of a prefix within one 64-bit word whose first bit is bit `offset` of the address.
std::uint64_t host_bits(int prefix, int offset, int width) {
  const int net = std::clamp(prefix - offset, 0, width);
  if (net == width) return 0;
  const std::uint64_t all = width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
  return all >> net;
}

Key4 last_of(Key4 first, int prefix) { return first | static_cast<Key4>(host_bits(prefix, 0, 32)); }
Key6 last_of(const Key6& first, int prefix) {
  return {first.first | host_bits(prefix, 0, 64), first.second | host_bits(prefix, 64, 64)};
}

Network network_of(Key4 first, int prefix) {
  Network n;
  n.base.v4 = true;
  store64(n.base.bytes.data() + 8, std::uint64_t{0xffff} << 32 | first);
  n.prefix = prefix;
  return n;
}

Network network_of(const Key6& first, int prefix) {
  Network n;
  store64(n.base.bytes.data(), first.first);
  store64(n.base.bytes.data() + 8, first.second);
  n.prefix = prefix;
  return n;
}

template <class Key>
Table<Key> make_table(std::vector<Raw<Key>>& raws) {
  std::stable_sort(raws.begin(), raws.end(), [](const Raw<Key>& a, const Raw<Key>& b) {
    return a.first != b.first ? a.first < b.first : a.prefix < b.prefix;
  });
  Table<Key> t;
  std::vector<std::int32_t> open;  // the chain of networks holding the current one, widest first
  for (std::size_t i = 0; i < raws.size(); ++i) {
    const Raw<Key>& r = raws[i];
    if (i == 0 || raws[i - 1].first != r.first || raws[i - 1].prefix != r.prefix) {
      while (!open.empty() && t.last[static_cast<std::size_t>(open.back())] < r.first) open.pop_back();
      t.parent.push_back(open.empty() ? -1 : open.back());
      open.push_back(static_cast<std::int32_t>(t.first.size()));
      t.first.push_back(r.first);
      t.last.push_back(last_of(r.first, r.prefix));
      t.prefix.push_back(r.prefix);
      t.begin.push_back(static_cast<std::uint32_t>(t.held.size()));
    }
    t.held.push_back(r.held);
  }
  t.begin.push_back(static_cast<std::uint32_t>(t.held.size()));
  raws = {};
  return t;
}

// Network i's holding valid at `at`: the latest start, then the last added.
template <class Key>
const Held* valid_at(const Table<Key>& t, std::size_t i, UnixTime at) {
  const Held* best = nullptr;
  for (std::uint32_t h = t.begin[i]; h < t.begin[i + 1]; ++h) {
    const Held& e = t.held[h];
    if (e.from <= at && at < e.to && (!best || e.from >= best->from)) best = &e;
  }
  return best;
}

// Walks up from `i`, the network with the greatest first address <= x.
template <class Key>
std::pair<std::int64_t, const Held*> walk(const Table<Key>& t, std::int64_t i, const Key& x, UnixTime at) {
  for (; i >= 0; i = t.parent[static_cast<std::size_t>(i)]) {
    const auto n = static_cast<std::size_t>(i);
    if (t.last[n] < x) continue;
    if (const Held* h = valid_at(t, n, at)) return {i, h};
  }
  return {-1, nullptr};
}

// The index of the last network in [lo, hi) whose first address is <= x, else lo - 1.
template <class Key>
std::int64_t last_at_or_below(const std::vector<Key>& first, std::size_t lo, std::size_t hi, const Key& x) {
  auto it = std::upper_bound(first.begin() + static_cast<std::ptrdiff_t>(lo),
                             first.begin() + static_cast<std::ptrdiff_t>(hi), x);
  return static_cast<std::int64_t>(it - first.begin()) - 1;
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

struct OwnerIndex::Builder::Data {
  std::vector<Raw<Key4>> v4;
  std::vector<Raw<Key6>> v6;
  std::vector<std::string> names;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids;

  std::uint32_t id_of(std::string_view customer) {
    if (!names.empty() && names.back() == customer) return static_cast<std::uint32_t>(names.size() - 1);
    if (auto it = ids.find(customer); it != ids.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(names.size());
    names.emplace_back(customer);
    ids.emplace(names.back(), id);
    return id;
  }
};

struct OwnerIndex::Tables {
  Table<Key4> v4;
  Table<Key6> v6;
  std::vector<std::uint32_t> bucket4 = std::vector<std::uint32_t>(65537);  // first IPv4 network at or
                                                                           // above b << 16
  std::vector<std::string> names;
};

OwnerIndex::Builder::Builder() : data_(std::make_unique<Data>()) {}
OwnerIndex::Builder::~Builder() = default;
OwnerIndex::Builder::Builder(Builder&&) noexcept = default;

void OwnerIndex::Builder::add(const Network& network, std::string_view customer, UnixTime from,
                              std::optional<UnixTime> to) {
  const Held held{data_->id_of(customer), from, to.value_or(k_still)};
  if (network.base.v4) {
    data_->v4.push_back({key4(network.base), static_cast<std::uint8_t>(network.prefix), held});
  } else {
    data_->v6.push_back({key6(network.base), static_cast<std::uint8_t>(network.prefix), held});
  }
}

OwnerIndex OwnerIndex::Builder::build() && {
  OwnerIndex index;
  Tables& t = *index.tables_;
  t.v4 = make_table(data_->v4);
  t.v6 = make_table(data_->v6);
  t.names = std::move(data_->names);
  std::size_t n = 0;
  for (std::uint64_t b = 0; b <= 65536; ++b) {
    while (n < t.v4.first.size() && t.v4.first[n] < (b << 16)) ++n;
    t.bucket4[b] = static_cast<std::uint32_t>(n);
  }
  data_.reset();
  return index;
}

OwnerIndex::OwnerIndex() : tables_(std::make_unique<Tables>()) {}
OwnerIndex::~OwnerIndex() = default;
OwnerIndex::OwnerIndex(OwnerIndex&&) noexcept = default;
OwnerIndex& OwnerIndex::operator=(OwnerIndex&&) noexcept = default;

namespace {

template <class Key>
OwnerIndex::Match match_of(const Table<Key>& t, std::size_t n, const Held& held,
                           const std::vector<std::string>& names) {
  OwnerIndex::Match m{names[held.customer], network_of(t.first[n], t.prefix[n]), held.from, std::nullopt};
  if (held.to != k_still) m.to = held.to;
  return m;
}

template <class Key>
std::optional<OwnerIndex::Match> find_in(const Table<Key>& t, std::int64_t start, const Key& x, UnixTime at,
                                         const std::vector<std::string>& names) {
  auto [i, held] = walk(t, start, x, at);
  if (!held) return std::nullopt;
  return match_of(t, static_cast<std::size_t>(i), *held, names);
}

// Every network holding x is `start` or one of its ancestors: the
// earliest start after `at` among their holdings, the longest network
// (met first on the walk up) winning a tie.
template <class Key>
std::optional<OwnerIndex::Match> first_after_in(const Table<Key>& t, std::int64_t i, const Key& x, UnixTime at,
                                                const std::vector<std::string>& names) {
  std::size_t best_network = 0;
  const Held* best = nullptr;
  for (; i >= 0; i = t.parent[static_cast<std::size_t>(i)]) {
    const auto n = static_cast<std::size_t>(i);
    if (t.last[n] < x) continue;
    for (std::uint32_t h = t.begin[n]; h < t.begin[n + 1]; ++h) {
      const Held& e = t.held[h];
      if (e.from > at && (!best || e.from < best->from)) {
        best = &e;
        best_network = n;
      }
    }
  }
  if (!best) return std::nullopt;
  return match_of(t, best_network, *best, names);
}

}  // namespace

std::optional<OwnerIndex::Match> OwnerIndex::find(const IpAddress& ip, UnixTime at) const {
  const Tables& t = *tables_;
  if (ip.v4) {
    const Key4 x = key4(ip);
    const std::size_t b = x >> 16;
    return find_in(t.v4, last_at_or_below(t.v4.first, t.bucket4[b], t.bucket4[b + 1], x), x, at, t.names);
  }
  const Key6 x = key6(ip);
  return find_in(t.v6, last_at_or_below(t.v6.first, 0, t.v6.first.size(), x), x, at, t.names);
}

std::optional<OwnerIndex::Match> OwnerIndex::first_after(const IpAddress& ip, UnixTime at) const {
  const Tables& t = *tables_;
  if (ip.v4) {
    const Key4 x = key4(ip);
    const std::size_t b = x >> 16;
    return first_after_in(t.v4, last_at_or_below(t.v4.first, t.bucket4[b], t.bucket4[b + 1], x), x, at, t.names);
  }
  const Key6 x = key6(ip);
  return first_after_in(t.v6, last_at_or_below(t.v6.first, 0, t.v6.first.size(), x), x, at, t.names);
}

std::size_t OwnerIndex::size() const { return tables_->v4.held.size() + tables_->v6.held.size(); }

}  // namespace certbund

// certbund_bench: the figures bench/run cannot get from the command line.
//   certbund_bench owners DB   look-ups per CPU second of one core in the store's OwnerIndex of
//                              the networks in DB, beside the same look-ups as one SQL query each
// Prints "name value" lines. Never part of the test suite: timings depend on the machine.

#include <SQLiteCpp/SQLiteCpp.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "certbund/store.hpp"

using namespace certbund;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// CPU seconds of this thread: what one core spent, whatever else the machine runs.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Addresses inside random networks of the database, and a tenth outside any.
std::vector<IpAddress> sample_addresses(SQLite::Database& db, std::size_t count) {
  std::vector<std::pair<IpAddress, IpAddress>> ranges;
  SQLite::Statement q(db, "SELECT first, last, family FROM customer_networks");
  while (q.executeStep()) {
    IpAddress first, last;
    std::memcpy(first.bytes.data(), q.getColumn(0).getBlob(), 16);
    std::memcpy(last.bytes.data(), q.getColumn(1).getBlob(), 16);
    first.v4 = last.v4 = q.getColumn(2).getInt() == 4;
    ranges.emplace_back(first, last);
  }
  std::mt19937_64 rng(42);
  std::vector<IpAddress> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    IpAddress ip;
    if (i % 10 == 9 || ranges.empty()) {
      ip = *parse_ip("198.51.100." + std::to_string(i % 256));
    } else {
      const auto& [first, last] = ranges[rng() % ranges.size()];
      ip = first;
      // A random host of the network: vary the last byte within it.
      const int span = last.bytes[15] - first.bytes[15] + 1;
      ip.bytes[15] = static_cast<std::uint8_t>(first.bytes[15] + static_cast<int>(rng() % static_cast<unsigned>(span)));
    }
    out.push_back(ip);
  }
  return out;
}

// One SQL query per look-up: the range query certbund used before its
// in-memory index, on the range index it had (made for the reference,
// dropped after).
double sql_lookups_per_s(SQLite::Database& db, const std::vector<IpAddress>& ips, UnixTime at) {
  // The range index schema/008 dropped, made again for the reference only.
  db.exec("CREATE INDEX IF NOT EXISTS bench_range ON customer_networks(family, first, last)");
  SQLite::Statement q(db,
                      "SELECT customer_id, network, valid_from FROM customer_networks"
                      " WHERE family = ? AND first <= ?2 AND last >= ?2 AND valid_from <= ?3"
                      " AND (valid_to IS NULL OR valid_to > ?3) ORDER BY prefix DESC, valid_from DESC LIMIT 1");
  std::size_t done = 0;
  const double cpu = thread_cpu_seconds();
  for (const IpAddress& ip : ips) {
    q.bind(1, ip.v4 ? 4 : 6);
    q.bind(2, ip.bytes.data(), 16);
    q.bind(3, static_cast<std::int64_t>(at));
    q.executeStep();
    q.reset();
    ++done;
    if (done % 64 == 0 && thread_cpu_seconds() - cpu > 2.0) break;
  }
  return static_cast<double>(done) / (thread_cpu_seconds() - cpu);
}

int owners(const char* path) {
  const UnixTime at = 1705305600;  // 2024-01-15
  Store store(path);
  const auto ips = sample_addresses(store.db(), 2'000'000);
  auto start = Clock::now();
  const OwnerIndex& index = store.owners();
  const double build = seconds_since(start);
  std::size_t found = 0, done = 0;
  const double cpu = thread_cpu_seconds();
  while (thread_cpu_seconds() - cpu < 2.0) {
    for (std::size_t i = 0; i < ips.size(); ++i) {
      if (index.find(ips[i], at)) ++found;
      if (++done % 4096 == 0 && thread_cpu_seconds() - cpu > 2.0) break;
    }
  }
  const double rate = static_cast<double>(done) / (thread_cpu_seconds() - cpu);
  std::vector<IpAddress> few(ips.begin(),
                             ips.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(ips.size(), 20000)));
  const double sql_rate = sql_lookups_per_s(store.db(), few, at);
  store.db().exec("DROP INDEX IF EXISTS bench_range");
  std::printf("build_s %.4f\nlookups_per_s %.0f\nfound %zu\nsql_lookups_per_s %.0f\n", build, rate, found, sql_rate);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && !std::strcmp(argv[1], "owners")) return owners(argv[2]);
  std::fprintf(stderr, "usage: certbund_bench owners DB\n");
  return 64;
}

#pragma once
// owners: networks (IPv4 and IPv6) of IpAddress (ip.hpp), and the
// customers file. Which customer held an address when is kept by the store.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/ip.hpp"
#include "certbund/util.hpp"

namespace certbund {

struct Network {
  IpAddress base;  // host bits cleared
  int prefix = 0;  // 0..32 for IPv4, 0..128 for IPv6
  bool contains(const IpAddress& ip) const;
  bool contains(const Network& other) const;
  IpAddress last() const;         // the highest address inside
  std::string to_string() const;  // "192.0.2.0/24"
  auto operator<=>(const Network&) const = default;
};
// "192.0.2.0/24", "2001:db8::/32"; a bare address is a /32 or /128. Host
// bits set ("192.0.2.1/24") are an error: nullopt.
std::optional<Network> parse_network(std::string_view text);
// Index of the most specific of `networks` holding `ip`; nullopt if none.
std::optional<std::size_t> longest_match(const std::vector<Network>& networks, const IpAddress& ip);

// Who held which network when, for look-ups by address and time: every
// holding (network, customer, [from, to)) ever imported, as sorted
// intervals per family, each network linked to the next wider one holding
// it. Built once (Builder), then read-only: safe to share between threads.
// A look-up is a binary search (IPv4 first narrowed by its top 16 bits)
// and a walk up the few wider networks: no allocation.
class OwnerIndex {
 public:
  struct Match {
    std::string_view customer;  // valid as long as the index
    Network network;
    UnixTime from = 0;           // valid from (inclusive), as added
    std::optional<UnixTime> to;  // valid to (exclusive); nullopt: still held
  };

  class Builder {
   public:
    Builder();
    ~Builder();
    Builder(Builder&&) noexcept;
    // `customer` held `network` from `from` (inclusive) to `to` (exclusive;
    // nullopt: still holds it).
    void add(const Network& network, std::string_view customer, UnixTime from, std::optional<UnixTime> to);
    OwnerIndex build() &&;

   private:
    friend class OwnerIndex;
    struct Data;
    std::unique_ptr<Data> data_;
  };

  OwnerIndex();  // empty: finds nothing
  ~OwnerIndex();
  OwnerIndex(OwnerIndex&&) noexcept;
  OwnerIndex& operator=(OwnerIndex&&) noexcept;

  // The holding valid at `at` (from <= at < to) of the longest network
  // holding `ip`; of two holdings of that network valid at `at`, the one
  // with the later start, then the one added last. nullopt when none.
  std::optional<Match> find(const IpAddress& ip, UnixTime at) const;
  // Of the holdings of any network holding `ip` that start after `at`,
  // the one starting first; of equal starts, the longest network, then
  // the one added first. nullopt when none.
  std::optional<Match> first_after(const IpAddress& ip, UnixTime at) const;
  std::size_t size() const;  // holdings

 private:
  struct Tables;
  std::unique_ptr<Tables> tables_;
};

enum class Language { de, en, de_en };
std::string_view to_string(Language l);  // "de", "en", "de+en"
std::optional<Language> language_from_string(std::string_view s);

struct Customer {
  std::string id;
  std::string name;
  std::vector<std::string> emails;
  Language language = Language::de_en;
  std::vector<Network> networks;
};

struct CustomersFile {
  std::vector<Customer> customers;  // every text valid UTF-8
  std::string encoding;             // what the bytes were read as: "UTF-8", "UTF-8 with BOM", "UTF-16LE",
                                    // "UTF-16BE", "Windows-1252" or "ISO-8859-1"
  char separator = ',';             // ',', ';' or '\t', as the header line has it
};

// Reads the customers CSV (samples/customers.csv; header row id,name,email,language,
// networks; RFC 4180 quoting) as spreadsheet programs save it: UTF-8 with
// or without a byte-order mark, UTF-16 with one, else Windows-1252 or
// ISO-8859-1 (converted to UTF-8); ',', ';' or tab as separator, detected
// from the header line; LF or CRLF. Any broken line fails the whole file
// with "FILE:LINE: what" and Exit::data; a missing file is Exit::no_input.
Result<CustomersFile> read_customers_csv(const std::filesystem::path& file);

}  // namespace certbund

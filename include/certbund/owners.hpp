#pragma once
// owners: networks (IPv4 and IPv6) of IpAddress (ip.hpp), and the
// customers file. Which customer held an address when is kept by the store.

#include <array>
#include <cstdint>
#include <filesystem>
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

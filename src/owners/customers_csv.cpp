// Design: the file is read whole (a customers list is small), decoded to
// UTF-8 (text_encoding.cpp), split into RFC 4180 records at the separator
// its header line uses, and every record is checked before anything is
// returned, so a broken line never leaves half a list behind.

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <set>
#include <span>

#include "certbund/owners.hpp"
#include "csv.hpp"

namespace certbund {

namespace {
constexpr std::array<std::string_view, 5> k_columns{"id", "name", "email", "language", "networks"};

// Column index of each of k_columns, in that order.
using ColumnMap = std::array<std::size_t, k_columns.size()>;

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool is_blank(const CsvRecord& r) { return r.fields.size() == 1 && trim(r.fields[0]).empty(); }

std::expected<ColumnMap, std::string> map_columns(const CsvRecord& header) {
  ColumnMap map{};
  for (std::size_t c = 0; c < k_columns.size(); ++c) {
    std::size_t found = header.fields.size();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      if (to_lower(trim(header.fields[i])) == k_columns[c]) found = i;
    }
    if (found == header.fields.size()) return std::unexpected("missing column " + in_quotes(k_columns[c]));
    map[c] = found;
  }
  return map;
}

// Loose on purpose: one @, something on both sides, a dot in the domain,
// nothing that would break a header.
bool looks_like_address(std::string_view a) {
  const auto at = a.find('@');
  if (at == a.npos || at == 0 || a.find('@', at + 1) != a.npos) return false;
  const auto domain = a.substr(at + 1);
  if (domain.find('.') == domain.npos || domain.front() == '.' || domain.back() == '.') return false;
  for (unsigned char c : a) {
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == '"') return false;
  }
  return true;
}

std::expected<std::vector<std::string>, std::string> parse_emails(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& part : split(text, ';')) {
    auto address = trim(part);
    if (address.empty()) continue;
    if (!looks_like_address(address)) return std::unexpected(in_quotes(address) + " is not an e-mail address");
    out.push_back(address);
  }
  if (out.empty()) return std::unexpected(std::string("no e-mail address"));
  return out;
}

std::string network_problem(std::string_view text) {
  const auto slash = text.find('/');
  const auto ip = parse_ip(text.substr(0, slash));
  if (ip && slash != text.npos) {
    const auto bare =
        parse_network(ip->v4 ? "0.0.0.0" + std::string(text.substr(slash)) : "::" + std::string(text.substr(slash)));
    if (bare) return in_quotes(text) + " is not a network: host bits are set";
  }
  return in_quotes(text) + " is not a network";
}

// " \t\n\v\f\r", what `>>` skips: tested by value, not looked up in a
// string for every character of a million networks.
constexpr bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::expected<std::vector<Network>, std::string> parse_networks(std::string_view text) {
  std::vector<Network> out;
  for (std::size_t pos = 0; pos < text.size();) {
    if (is_space(text[pos])) {
      ++pos;
      continue;
    }
    const auto start = pos;
    while (pos < text.size() && !is_space(text[pos])) ++pos;
    const auto word = text.substr(start, pos - start);
    auto net = parse_network(word);
    if (!net) return std::unexpected(network_problem(word));
    out.push_back(*net);
  }
  return out;
}

std::expected<Customer, std::string> parse_customer(const CsvRecord& r, const ColumnMap& col) {
  Customer c;
  c.id = trim(r.fields[col[0]]);
  if (c.id.empty()) return std::unexpected(std::string("empty customer id"));
  c.name = trim(r.fields[col[1]]);
  auto emails = parse_emails(r.fields[col[2]]);
  if (!emails) return std::unexpected(emails.error());
  c.emails = std::move(*emails);
  const auto language_text = trim(r.fields[col[3]]);
  auto language = language_from_string(language_text);
  if (!language) return std::unexpected(in_quotes(language_text) + " is not a language (de, en, de+en)");
  c.language = *language;
  auto networks = parse_networks(r.fields[col[4]]);
  if (!networks) return std::unexpected(networks.error());
  c.networks = std::move(*networks);
  return c;
}

// The first network listed twice, in file order: each network looked up
// among those listed before it in an open-addressed table of 8-byte slots
// (a tag of its hash, its number in the list), stopping at the first one
// found. Not a node per network in a map (a list of a million networks
// spent most of its reading time allocating, comparing and freeing those
// nodes), nor a sort of every network (twice the time, twice the memory).
class SecondListing {
 public:
  // Whether customers[c].networks[p] is listed before (in an earlier
  // customer or earlier in its own list): nullopt when no network is;
  // else the first such (c, p) and the customer listing it first.
  struct Clash {
    std::uint32_t customer = 0, position = 0, holder = 0;
  };
  static std::optional<Clash> find(const std::vector<Customer>& customers) {
    // first[c]: the number of customer c's first network in the list
    std::vector<std::uint32_t> first(customers.size() + 1);
    for (std::size_t c = 0; c < customers.size(); ++c)
      first[c + 1] = first[c] + static_cast<std::uint32_t>(customers[c].networks.size());
    std::size_t size = 16;
    while (size < first.back() + first.back() / 2) size *= 2;
    std::vector<std::uint64_t> slots(size);  // tag << 32 | (number + 1); 0: free
    std::uint32_t number = 0;
    for (std::uint32_t c = 0; c < customers.size(); ++c) {
      const auto& nets = customers[c].networks;
      for (std::uint32_t p = 0; p < nets.size(); ++p, ++number) {
        const std::uint64_t h = hash(nets[p]);
        const std::uint64_t tag = h >> 32;
        for (std::size_t i = h & (size - 1);; i = (i + 1) & (size - 1)) {
          if (slots[i] == 0) {
            slots[i] = tag << 32 | (number + 1);
            break;
          }
          if (slots[i] >> 32 != tag) continue;
          const std::uint32_t earlier = static_cast<std::uint32_t>(slots[i]) - 1;
          const auto holder =
              static_cast<std::uint32_t>(std::upper_bound(first.begin(), first.end(), earlier) - first.begin() - 1);
          if (customers[holder].networks[earlier - first[holder]] == nets[p]) return Clash{c, p, holder};
        }
      }
    }
    return std::nullopt;
  }

 private:
  // The address bytes as two numbers, the prefix and family, mixed
  // (splitmix64's finaliser): low bits pick the slot, high ones the tag.
  static std::uint64_t hash(const Network& net) {
    std::uint64_t high = 0, low = 0;
    std::memcpy(&high, net.base.bytes.data(), 8);
    std::memcpy(&low, net.base.bytes.data() + 8, 8);
    std::uint64_t h =
        (high ^ (low * 0x9E3779B97F4A7C15u)) + (static_cast<std::uint64_t>(net.prefix) << 1 | net.base.v4);
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9u;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBu;
    return h ^ (h >> 31);
  }
};

Result<std::string> read_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return std::unexpected(Error{file.string() + ": no such file", Exit::no_input});
  auto text = read_whole_file(file);
  if (!text) return std::unexpected(Error{file.string() + ": cannot be read", Exit::no_input});
  return *text;
}

// "FILE:LINE: what", the form every error of this file takes.
Error at_line(const std::filesystem::path& file, std::size_t line, const std::string& what) {
  return Error{file.string() + ":" + std::to_string(line) + ": " + what, Exit::data};
}

// The customers of `text`'s records after its header. The first broken
// record ends the reading; a network listed twice before it is the first
// error; broken CSV anywhere in the text comes before either (the
// records are read on to its end to find it).
Result<std::vector<Customer>> customers_from(std::string_view text, char separator, const std::filesystem::path& file) {
  CsvReader reader(text, separator);
  CsvRecord r;
  auto syntax = [&](const CsvError& e) { return std::unexpected(at_line(file, e.line, e.what)); };
  auto got = reader.next(r);
  if (!got) return syntax(got.error());
  if (!*got) return std::unexpected(at_line(file, 1, "no header row"));
  auto columns = map_columns(r);
  const auto width = r.fields.size();
  std::vector<Customer> out;
  std::vector<std::size_t> lines;  // of out's customers
  std::set<std::string> ids;
  std::optional<Error> broken;
  if (!columns) broken = at_line(file, 1, columns.error());
  while ((got = reader.next(r)) && *got) {
    if (broken || is_blank(r)) continue;
    if (r.fields.size() != width) {
      broken = at_line(file, r.line,
                       "expected " + std::to_string(width) + " fields, found " + std::to_string(r.fields.size()));
      continue;
    }
    auto customer = parse_customer(r, *columns);
    if (!customer) {
      broken = at_line(file, r.line, customer.error());
      continue;
    }
    if (!ids.insert(customer->id).second) {
      broken = at_line(file, r.line, "duplicate customer id " + in_quotes(customer->id));
      continue;
    }
    out.push_back(std::move(*customer));
    lines.push_back(r.line);
  }
  if (!got) return syntax(got.error());
  if (!columns) return std::unexpected(*broken);
  if (auto clash = SecondListing::find(out)) {
    const auto& net = out[clash->customer].networks[clash->position];
    return std::unexpected(at_line(file, lines[clash->customer],
                                   in_quotes(net.to_string()) + " is already listed for " + out[clash->holder].id));
  }
  if (broken) return std::unexpected(*broken);
  return out;
}
}  // namespace

Result<CustomersFile> read_customers_csv(const std::filesystem::path& file) {
  auto bytes = read_file(file);
  if (!bytes) return std::unexpected(bytes.error());
  auto decoded = decode_text(std::move(*bytes));
  if (!decoded) return std::unexpected(at_line(file, decoded.error().line, decoded.error().what));
  CustomersFile out{{}, std::move(decoded->encoding), detect_separator(decoded->text)};
  auto customers = customers_from(decoded->text, out.separator, file);
  if (!customers) return std::unexpected(customers.error());
  out.customers = std::move(*customers);
  return out;
}

}  // namespace certbund

#pragma once
// A strict view on the TOML file, private to the config stage: every key
// the code reads is asked for through a Section, which checks its type;
// whatever was not asked for is reported as unknown. So the keys the code
// reads are, by construction, the only keys the file may hold.

#include <toml++/toml.h>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certbund/util.hpp"

namespace certbund::config_detail {

// What is wrong with the file, each with its line (0: no line to name).
class Problems {
 public:
  void add(std::size_t line, std::string what);
  void add(const toml::node& where, std::string what);
  bool empty() const { return list_.empty(); }
  // Every key asked for, qualified ("smtp.url", "mailbox.path"), in order.
  void asked(std::string key);
  const std::vector<std::string>& keys() const { return keys_; }
  // "FILE:LINE: what" for the first problem in file order, then
  // "; line N: what" for each other one, on one line; Exit::config.
  Error first(const std::filesystem::path& file) const;

 private:
  struct Problem {
    std::size_t line;
    std::string what;
  };
  std::vector<Problem> list_;
  std::vector<std::string> keys_;
};

// The line where a node starts, 0 when toml++ knows none.
std::size_t line_of(const toml::node& node);

// One table of the file ([smtp], one [[mailbox]], the root) under the name
// it is reported by ("smtp", "mailbox", "" for the root).
class Section {
 public:
  // `table` may be null: a section the file does not have (every key absent).
  Section(const toml::table* table, std::string name, Problems& problems);

  // Each returns nullopt when the key is absent or has the wrong type
  // (then a problem is recorded).
  std::optional<std::string> text(std::string_view key);
  std::optional<bool> flag(std::string_view key);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<std::vector<std::string>> texts(std::string_view key);  // a list of strings

  // A sub-table ("[database]") and an array of tables ("[[mailbox]]").
  Section table(std::string_view key);
  std::vector<Section> tables(std::string_view key);

  // Records a problem at `key`'s line (the section's when absent).
  void problem(std::string_view key, const std::string& what);
  // For a key that is missing: named after the problems with a line.
  void problem_without_line(const std::string& what);
  // "smtp.url", or "url" in the root.
  std::string qualified(std::string_view key) const;
  bool has(std::string_view key) const;
  std::size_t line() const;

  // Every key in the table that no getter asked for is a problem, with a
  // "did you mean" when a known key is close.
  void finish();

  // The value at `key` as toml++ holds it, for a value of more than one
  // type (a duration: "1d" or seconds); null when absent.
  const toml::node* node(std::string_view key) { return get(key); }

 private:
  // The node at `key` (null when absent), remembered as known; a value
  // key (not a section) is also recorded in Problems::keys.
  const toml::node* get(std::string_view key, bool is_value = true);

  const toml::table* table_;
  std::string name_;
  Problems* problems_;
  std::vector<std::string> known_;
};

}  // namespace certbund::config_detail

#include "section.hpp"

#include <algorithm>

namespace certbund::config_detail {

namespace {

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "a number";
    case toml::node_type::floating_point: return "a decimal number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::array: return "a list";
    case toml::node_type::table: return "a section";
    default: return "a date or time";
  }
}

// Edits (insert, delete, replace) from `a` to `b`: for "did you mean".
// Hand-written: nine lines, where a library would be a new dependency.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view key, const std::vector<std::string>& known) {
  for (const std::string& candidate : known) {
    if (edit_distance(to_lower(key), candidate) <= 2 || to_lower(key).starts_with(candidate)) {
      return candidate;
    }
  }
  return {};
}

}  // namespace

void Problems::add(std::size_t line, std::string what) { list_.push_back({line, std::move(what)}); }

void Problems::add(const toml::node& where, std::string what) { add(line_of(where), std::move(what)); }

void Problems::asked(std::string key) {
  if (std::ranges::find(keys_, key) == keys_.end()) keys_.push_back(std::move(key));
}

Error Problems::first(const std::filesystem::path& file) const {
  std::vector<Problem> sorted = list_;
  std::ranges::stable_sort(sorted, [](const Problem& a, const Problem& b) {
    return (a.line ? a.line : SIZE_MAX) < (b.line ? b.line : SIZE_MAX);
  });
  std::string message =
      file.string() + (sorted[0].line ? ":" + std::to_string(sorted[0].line) : "") + ": " + sorted[0].what;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    message +=
        "; " + (sorted[i].line ? "line " + std::to_string(sorted[i].line) + ": " : std::string()) + sorted[i].what;
  }
  return Error{message, Exit::config};
}

std::size_t line_of(const toml::node& node) { return node.source().begin.line; }

Section::Section(const toml::table* table, std::string name, Problems& problems)
    : table_(table), name_(std::move(name)), problems_(&problems) {}

std::string Section::qualified(std::string_view key) const {
  return name_.empty() ? std::string(key) : name_ + "." + std::string(key);
}

bool Section::has(std::string_view key) const { return table_ && table_->contains(key); }

std::size_t Section::line() const { return table_ ? line_of(*table_) : 0; }

const toml::node* Section::get(std::string_view key, bool is_value) {
  known_.emplace_back(key);
  if (is_value) problems_->asked(qualified(key));
  return table_ ? table_->get(key) : nullptr;
}

void Section::problem(std::string_view key, const std::string& what) {
  const toml::node* node = table_ ? table_->get(key) : nullptr;
  problems_->add(node ? line_of(*node) : line(), what);
}

void Section::problem_without_line(const std::string& what) { problems_->add(0, what); }

std::optional<std::string> Section::text(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (auto s = node->value<std::string>(); s && node->is_string()) return s;
  problems_->add(*node, qualified(key) + " must be a string in quotes, not " + type_name(*node));
  return std::nullopt;
}

std::optional<bool> Section::flag(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (node->is_boolean()) return node->value<bool>();
  problems_->add(*node, qualified(key) + " must be true or false (no quotes), not " + type_name(*node));
  return std::nullopt;
}

std::optional<std::int64_t> Section::integer(std::string_view key, std::int64_t min, std::int64_t max) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (!node->is_integer()) {
    problems_->add(*node, qualified(key) + " must be a whole number, not " + type_name(*node));
    return std::nullopt;
  }
  std::int64_t value = *node->value<std::int64_t>();
  if (value < min || value > max) {
    problems_->add(*node, qualified(key) + " must be between " + std::to_string(min) + " and " + std::to_string(max) +
                              ", not " + std::to_string(value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> Section::texts(std::string_view key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  const toml::array* array = node->as_array();
  if (!array) {
    problems_->add(*node, qualified(key) + " must be a list of strings, [\"...\", ...], not " + type_name(*node));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    if (!item.is_string()) {
      problems_->add(item, qualified(key) + " must hold only strings in quotes, not " + type_name(item));
      return std::nullopt;
    }
    out.push_back(*item.value<std::string>());
  }
  return out;
}

Section Section::table(std::string_view key) {
  const toml::node* node = get(key, false);
  if (node && !node->is_table()) {
    problems_->add(*node, qualified(key) + " must be a section [" + qualified(key) + "], not " + type_name(*node));
    node = nullptr;
  }
  return Section(node ? node->as_table() : nullptr, qualified(key), *problems_);
}

std::vector<Section> Section::tables(std::string_view key) {
  const toml::node* node = get(key, false);
  std::vector<Section> out;
  if (!node) return out;
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    problems_->add(*node, qualified(key) + " must be written as [[" + qualified(key) + "]] sections");
    return out;
  }
  for (const toml::node& item : *array) out.emplace_back(item.as_table(), qualified(key), *problems_);
  return out;
}

void Section::finish() {
  if (!table_) return;
  for (const auto& [key, node] : *table_) {
    if (std::ranges::find(known_, key.str()) != known_.end()) continue;
    std::string near = suggestion(key.str(), known_);
    if (name_.empty() && node.is_table()) {
      std::string hint = near.empty() ? "" : " (did you mean [" + near + "]?)";
      problems_->add(node, "unknown section [" + std::string(key.str()) + "]" + hint);
    } else {
      std::string hint = near.empty() ? "" : " (did you mean " + qualified(near) + "?)";
      problems_->add(node, "unknown key " + qualified(key.str()) + hint);
    }
  }
}

}  // namespace certbund::config_detail

#pragma once
// Just enough JSON to keep report columns and extra cells as text.
// Private to the store stage.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace certbund {

using Fields = std::vector<std::pair<std::string, std::optional<std::string>>>;

std::string json_array(const std::vector<std::string>& items);
// An object in the given order; nullopt values become null.
std::string json_object(const Fields& fields);

// The inverses, for text these wrote: strings of an array; fields of an
// object in their order (null: nullopt). Anything else is a
// Failure(Exit::data) naming `what`.
std::vector<std::string> array_from_json(const std::string& text, const std::string& what);
Fields object_from_json(const std::string& text, const std::string& what);

}  // namespace certbund

#pragma once
// Just enough JSON to keep report columns and extra cells as text.
// Private to the store stage.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace certbund {

std::string json_array(const std::vector<std::string>& items);
// An object in the given order; nullopt values become null.
std::string json_object(const std::vector<std::pair<std::string, std::optional<std::string>>>& fields);

}  // namespace certbund

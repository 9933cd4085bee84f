#include "certbund/owners.hpp"

namespace certbund {

std::string_view to_string(Language l) {
  switch (l) {
    case Language::de: return "de";
    case Language::en: return "en";
    case Language::de_en: return "de+en";
  }
  return "de+en";
}

std::optional<Language> language_from_string(std::string_view s) {
  for (auto l : {Language::de, Language::en, Language::de_en}) {
    if (to_string(l) == s) return l;
  }
  return std::nullopt;
}

}  // namespace certbund

#include "certbund/message.hpp"
#include "certbund/util.hpp"

namespace certbund {

bool Part::is_csv() const {
  std::string name = to_lower(filename);
  return content_type == "text/csv" || content_type == "application/csv" || name.ends_with(".csv");
}

}  // namespace certbund

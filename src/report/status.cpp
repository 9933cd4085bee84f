#include "certbund/report.hpp"

namespace certbund {

std::string_view to_string(ReportStatus s) { return s == ReportStatus::parsed ? "parsed" : "needs_review"; }

}  // namespace certbund

#pragma once
// JSON shapes of the command line (docs/ARCHITECTURE.md: states keep their names).

#include <nlohmann/json.hpp>

#include "certbund/report.hpp"
#include "certbund/signature.hpp"
#include "certbund/store.hpp"

namespace certbund::cli {

nlohmann::ordered_json report_json(const Report& report, const Verification& v);
nlohmann::ordered_json rows_json(const std::vector<Row>& rows);
nlohmann::ordered_json incident_json(const IncidentInfo& incident);
nlohmann::ordered_json mail_json(const MailInfo& mail);

}  // namespace certbund::cli

#pragma once
// JSON shapes of DESIGN.md.

#include <nlohmann/json.hpp>

#include "certbund/report.hpp"
#include "certbund/signature.hpp"
#include "certbund/store.hpp"

namespace certbund::cli {

nlohmann::json report_json(const Report& report, const Verification& v);
nlohmann::json rows_json(const std::vector<Row>& rows);
nlohmann::json incident_json(const IncidentInfo& incident);
nlohmann::json mail_json(const MailInfo& mail);

}  // namespace certbund::cli

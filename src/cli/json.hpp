#pragma once
// JSON shapes of the command line (docs/ARCHITECTURE.md: states keep their names).

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

#include "certbund/cli.hpp"
#include "certbund/report.hpp"
#include "certbund/signature.hpp"
#include "certbund/store.hpp"
#include "output.hpp"

namespace certbund::cli {

nlohmann::ordered_json report_json(const Report& report, const Verification& v);
nlohmann::ordered_json rows_json(const std::vector<Row>& rows);
nlohmann::ordered_json incident_json(const IncidentInfo& incident);
nlohmann::ordered_json mail_json(const MailInfo& mail);
nlohmann::ordered_json customer_json(const Customer& customer);
// An ISO 8601 UTC time, or null.
nlohmann::ordered_json time_json(const std::optional<UnixTime>& t);

// What a list command prints on standard output: `json` (indented) for
// Format::json, else `table` as a table or as CSV.
void print_as(Format format, const Table& table, const nlohmann::ordered_json& json);

// A JSON array written one element at a time, byte for byte as dump(2) of
// the whole array would write it: for lists too long to hold.
class JsonArrayWriter {
 public:
  explicit JsonArrayWriter(std::ostream& out) : out_(out) {}
  void add(const nlohmann::ordered_json& element);
  // add(incident_json(incident)), written without building the JSON value:
  // the same bytes (unit_cli compares them), several times faster.
  void add_incident(const IncidentInfo& incident);
  void finish();  // "]" and a newline ("[]" when empty)

 private:
  std::ostream& out_;
  bool any_ = false;
  std::string buffer_;
};

}  // namespace certbund::cli

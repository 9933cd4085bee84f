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
// The one owner of the incident's JSON shape (lists, incidents show):
// its object as dump(2) writes it nested `depth` levels deep (0: alone),
// appended to `out`; written directly, as lists of millions need it.
// nlohmann's type_error for text that is not UTF-8, as dump() throws.
void append_incident_json(std::string& out, const IncidentInfo& incident, int depth = 0);
// The same object as a value (append_incident_json read back), for a
// command that adds members to it.
nlohmann::ordered_json incident_json(const IncidentInfo& incident);
nlohmann::ordered_json mail_json(const MailInfo& mail);
nlohmann::ordered_json customer_json(const Customer& customer);
// An ISO 8601 UTC time, or null.
nlohmann::ordered_json time_json(const std::optional<UnixTime>& t);

// What a list command prints on standard output: `json` (indented) for
// Format::json, else `table` as a table or as CSV.
void print_as(Format format, const Table& table, const nlohmann::ordered_json& json);

// A JSON array written one element at a time, byte for byte as dump(2) of
// the whole array would write it: for lists too long to hold. Written to
// `out` in blocks of some 64 KiB; all of it by finish().
class JsonArrayWriter {
 public:
  explicit JsonArrayWriter(std::ostream& out) : out_(out) {}
  void add(const nlohmann::ordered_json& element);
  // add(incident_json(incident)) without building the value.
  void add_incident(const IncidentInfo& incident);
  void finish();  // "]" and a newline ("[]" when empty)

 private:
  void next();  // the separator before an element
  void flush_full();
  std::ostream& out_;
  bool any_ = false;
  std::string buffer_;
};

}  // namespace certbund::cli

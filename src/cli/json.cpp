#include "json.hpp"

#include <iostream>

#include "output.hpp"

namespace certbund::cli {

using json = nlohmann::ordered_json;

namespace {

template <class T>
json nullable(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json row_json(const Row& row) {
  json extra = json::object();
  for (const auto& [title, value] : row.extra) extra[title] = nullable(value);
  json ts = row.timestamp ? json(format_iso8601(*row.timestamp)) : json(nullptr);
  return {{"asn", nullable(row.asn)},
          {"ip", row.ip.to_string()},
          {"timestamp", ts},
          {"port", nullable(row.port)},
          {"extra", extra}};
}

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json rows_json(const std::vector<Row>& rows) {
  json out = json::array();
  for (const Row& row : rows) out.push_back(row_json(row));
  return out;
}

json report_json(const Report& report, const Verification& v) {
  return {{"ticket", text_or_null(report.ticket)},
          {"service", report.service},
          {"class", std::string(to_string(report.report_class))},
          {"topic", report.topic},
          {"scope", text_or_null(report.scope)},
          {"critical", report.critical},
          {"verdict", std::string(to_string(v.verdict))},
          {"signer", text_or_null(v.signer)},
          {"status", std::string(to_string(report.status))},
          {"problems", report.problems},
          {"columns", report.columns},
          {"rows", rows_json(report.rows)}};
}

json incident_json(const IncidentInfo& i) {
  return {{"id", i.id},
          {"ip", i.ip.to_string()},
          {"port", nullable(i.port)},
          {"service", i.service},
          {"class", i.report_class},
          {"asn", nullable(i.asn)},
          {"customer", nullable(i.customer)},
          {"customer_name", nullable(i.customer_name)},
          {"status", text(i.status)},
          {"first_seen", format_iso8601(i.first_seen)},
          {"last_seen", format_iso8601(i.last_seen)},
          {"resolved_at", i.resolved_at ? json(format_iso8601(*i.resolved_at)) : json(nullptr)},
          {"resolution", nullable(i.resolution)},
          {"last_notice", i.last_notice ? json(format_iso8601(*i.last_notice)) : json(nullptr)},
          {"tickets", i.tickets}};
}

json mail_json(const MailInfo& m) {
  return {{"id", m.id},
          {"received", format_iso8601(m.received)},
          {"origin", m.origin},
          {"sha256", m.sha256},
          {"message_id", text_or_null(m.message_id)},
          {"subject", m.subject},
          {"from", m.from},
          {"verdict", text(m.verdict)},
          {"kind", text(m.kind)},
          {"signer", text_or_null(m.signer)},
          {"detail", text_or_null(m.detail)},
          {"status", text(m.status)},
          {"ticket", text_or_null(m.ticket)},
          {"service", text_or_null(m.service)},
          {"rows", m.rows},
          {"size", m.size}};
}

json customer_json(const Customer& c) {
  json networks = json::array();
  for (const Network& n : c.networks) networks.push_back(n.to_string());
  return {{"id", c.id},
          {"name", c.name},
          {"emails", c.emails},
          {"language", std::string(to_string(c.language))},
          {"networks", networks}};
}

json time_json(const std::optional<UnixTime>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

void print_as(Format format, const Table& table, const json& out) {
  if (format == Format::json) {
    std::cout << out.dump(2) << '\n';
  } else if (format == Format::csv) {
    print_csv(std::cout, table);
  } else {
    print_table(std::cout, table);
  }
}

}  // namespace certbund::cli

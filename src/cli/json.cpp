#include "json.hpp"

#include <algorithm>
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
          {"resolved_at", time_json(i.resolved_at)},
          {"resolution", nullable(i.resolution)},
          {"last_notice", time_json(i.last_notice)},
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

void JsonArrayWriter::add(const json& element) {
  // Indented one level deeper than dump(2) of the element alone; a string
  // holds no raw newline (dump escapes it), so every '\n' starts a line.
  const std::string text = element.dump(2);
  std::string& line = buffer_;
  line.assign(any_ ? ",\n  " : "[\n  ");
  for (char c : text) {
    line += c;
    if (c == '\n') line += "  ";
  }
  out_ << line;
  any_ = true;
}

namespace {

// A JSON string as dump() writes it: printable ASCII without quote or
// backslash as it is, anything else by nlohmann (escapes, and its error for
// invalid UTF-8).
void append_string(std::string& out, const std::string& s) {
  const bool plain =
      std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; });
  if (plain) {
    out += '"';
    out += s;
    out += '"';
  } else {
    out += json(s).dump();
  }
}

void append_member(std::string& out, const char* name, bool first = false) {
  out += first ? "{\n    \"" : ",\n    \"";
  out += name;
  out += "\": ";
}

template <class T>
void append_number_or_null(std::string& out, const std::optional<T>& v) {
  out += v ? std::to_string(*v) : "null";
}

void append_string_or_null(std::string& out, const std::optional<std::string>& v) {
  if (v) {
    append_string(out, *v);
  } else {
    out += "null";
  }
}

void append_time_or_null(std::string& out, const std::optional<UnixTime>& t) {
  if (t) {
    append_string(out, format_iso8601(*t));
  } else {
    out += "null";
  }
}

}  // namespace

void JsonArrayWriter::add_incident(const IncidentInfo& i) {
  std::string& out = buffer_;
  out.assign(any_ ? ",\n  " : "[\n  ");
  append_member(out, "id", true);
  out += std::to_string(i.id);
  append_member(out, "ip");
  append_string(out, i.ip.to_string());
  append_member(out, "port");
  append_number_or_null(out, i.port);
  append_member(out, "service");
  append_string(out, i.service);
  append_member(out, "class");
  append_string(out, i.report_class);
  append_member(out, "asn");
  append_number_or_null(out, i.asn);
  append_member(out, "customer");
  append_string_or_null(out, i.customer);
  append_member(out, "customer_name");
  append_string_or_null(out, i.customer_name);
  append_member(out, "status");
  append_string(out, text(i.status));
  append_member(out, "first_seen");
  append_string(out, format_iso8601(i.first_seen));
  append_member(out, "last_seen");
  append_string(out, format_iso8601(i.last_seen));
  append_member(out, "resolved_at");
  append_time_or_null(out, i.resolved_at);
  append_member(out, "resolution");
  append_string_or_null(out, i.resolution);
  append_member(out, "last_notice");
  append_time_or_null(out, i.last_notice);
  append_member(out, "tickets");
  if (i.tickets.empty()) {
    out += "[]";
  } else {
    for (std::size_t t = 0; t < i.tickets.size(); ++t) {
      out += t ? ",\n      " : "[\n      ";
      append_string(out, i.tickets[t]);
    }
    out += "\n    ]";
  }
  out += "\n  }";
  out_ << out;
  any_ = true;
}

void JsonArrayWriter::finish() { out_ << (any_ ? "\n]\n" : "[]\n"); }

}  // namespace certbund::cli

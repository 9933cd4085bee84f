#include "json.hpp"

#include <algorithm>
#include <charconv>
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
  std::string text;
  append_incident_json(text, i);
  return json::parse(text);
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

namespace {

// A JSON string as dump() writes it: printable ASCII without quote or
// backslash as it is, anything else by nlohmann (escapes, and its error for
// invalid UTF-8).
void append_string(std::string& out, std::string_view s) {
  const bool plain =
      std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; });
  if (plain) {
    out += '"';
    out += s;
    out += '"';
  } else {
    out += json(std::string(s)).dump();
  }
}

void append_number(std::string& out, std::int64_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

// Writes one object's members as dump(2) does at a depth: "{", each
// member on a line of its own, "}".
class ObjectWriter {
 public:
  // `lead_` holds ",\n", the indent and the name's opening quote: a
  // member starts with one append (six made a tenth of listing a million
  // incidents).
  ObjectWriter(std::string& out, int depth) : out_(out), indent_(2 * depth + 2) {
    lead_ = ",\n";
    lead_.append(indent_, ' ');
    lead_ += '"';
  }
  ObjectWriter& name(std::string_view n) {
    if (first_) {
      out_ += '{';
      out_.append(lead_, 1);
      first_ = false;
    } else {
      out_ += lead_;
    }
    out_ += n;
    out_.append("\": ", 3);
    return *this;
  }
  void string(std::string_view s) { append_string(out_, s); }
  void string(const std::string& s) { append_string(out_, s); }
  void number(std::int64_t n) { append_number(out_, n); }
  void null() { out_ += "null"; }
  template <class T>
  void number(const std::optional<T>& n) {
    n ? number(static_cast<std::int64_t>(*n)) : null();
  }
  void string(const std::optional<std::string>& s) { s ? string(*s) : null(); }
  void time(UnixTime t) {
    out_ += '"';
    append_iso8601(out_, t);
    out_ += '"';
  }
  void time(const std::optional<UnixTime>& t) { t ? time(*t) : null(); }
  void strings(const std::vector<std::string>& list) {
    if (list.empty()) {
      out_ += "[]";
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      out_ += i ? ",\n" : "[\n";
      out_.append(indent_ + 2, ' ');
      string(list[i]);
    }
    out_ += '\n';
    out_.append(indent_, ' ');
    out_ += ']';
  }
  void end() {
    if (first_) {
      out_ += "{}";
      return;
    }
    out_ += '\n';
    out_.append(indent_ - 2, ' ');
    out_ += '}';
  }

 private:
  std::string& out_;
  std::size_t indent_;
  std::string lead_;
  bool first_ = true;
};

}  // namespace

void append_incident_json(std::string& out, const IncidentInfo& i, int depth) {
  ObjectWriter o(out, depth);
  o.name("id").number(i.id);
  o.name("ip").string(i.ip.to_string());
  o.name("port").number(i.port);
  o.name("service").string(i.service);
  o.name("class").string(i.report_class);
  o.name("asn").number(i.asn);
  o.name("customer").string(i.customer);
  o.name("customer_name").string(i.customer_name);
  o.name("status").string(to_string(i.status));
  o.name("first_seen").time(i.first_seen);
  o.name("last_seen").time(i.last_seen);
  o.name("resolved_at").time(i.resolved_at);
  o.name("resolution").string(i.resolution);
  o.name("last_notice").time(i.last_notice);
  o.name("tickets").strings(i.tickets);
  o.end();
}

void JsonArrayWriter::next() {
  buffer_ += any_ ? ",\n  " : "[\n  ";
  any_ = true;
}

void JsonArrayWriter::flush_full() {
  if (buffer_.size() < 65536) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void JsonArrayWriter::add(const json& element) {
  // Indented one level deeper than dump(2) of the element alone; a string
  // holds no raw newline (dump escapes it), so every '\n' starts a line.
  next();
  for (char c : element.dump(2)) {
    buffer_ += c;
    if (c == '\n') buffer_ += "  ";
  }
  flush_full();
}

void JsonArrayWriter::add_incident(const IncidentInfo& i) {
  next();
  append_incident_json(buffer_, i, 1);
  flush_full();
}

void JsonArrayWriter::finish() {
  buffer_ += any_ ? "\n]\n" : "[]\n";
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

}  // namespace certbund::cli

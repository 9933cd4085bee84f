// parse_report: heading from the subject (or the first body lines), data
// from a CSV attachment or the body, then the verdict parsed/needs_review.

#include <exception>
#include <utility>

#include "detail.hpp"

namespace certbund {

using namespace report_detail;

namespace {

// Forwarded and quoted mails carry the tag on one of the first lines.
constexpr std::size_t heading_search_lines = 10;

// The Subject's heading: a label only, since no signature covers it.
Heading subject_heading(std::string_view subject) {
  Heading heading = read_heading(subject).value_or(Heading{});
  if (heading.topic.empty()) heading.topic = strip_subject_prefixes(subject);
  split_scope(heading);
  return heading;
}

// A ticket line among the first lines of the signed text, as forwarded and
// older mails carry it.
std::optional<Heading> signed_heading(const std::vector<std::string_view>& body) {
  for (std::size_t i = 0, seen = 0; i < body.size() && seen < heading_search_lines; ++i) {
    std::string_view line = trim_view(undecorate(body[i]));
    if (line.empty()) continue;
    ++seen;
    if (auto heading = read_heading(line)) {
      split_scope(*heading);
      return heading;
    }
  }
  return std::nullopt;
}

const Part* body_part(const Message& content) {
  for (const Part& part : content.parts) {
    if (!part.is_csv()) return &part;
  }
  return nullptr;
}

// events.csv is CERT-Bund's name; other CSVs come with manual tickets.
const Part* csv_part(const Message& content) {
  const Part* first = nullptr;
  for (const Part& part : content.parts) {
    if (!part.is_csv()) continue;
    if (to_lower(part.filename) == "events.csv") return &part;
    if (!first) first = &part;
  }
  return first;
}

// The delimited table from lines[from] of `text` on, into `report`. The
// lines go before the rows are read: a view each, 16 MB for a million.
void add_csv_block(std::string_view text, std::vector<std::string_view> lines, std::size_t from, Report& report) {
  while (from < lines.size() && trim_view(lines[from]).empty()) ++from;
  if (from == lines.size()) return add_table(Table{}, report);
  std::string storage;
  std::string_view csv = joined_from(text, lines, from, storage);
  char sep = guess_delimiter(lines[from]);
  std::vector<std::string_view>().swap(lines);
  add_delimited(csv, sep, report);
}

void read_prose(std::string_view text, bool after_marker, Report& report) {
  report.problems.push_back(after_marker ? "no table below \"Betroffene Systeme in Ihrem Netzbereich:\""
                                         : "no table found");
  for (const IpAddress& ip : ips_in_prose(text)) {
    Row row;
    row.ip = ip;
    report.rows.push_back(std::move(row));
  }
  report.problems.push_back(report.rows.empty()
                                ? "no IP address in the text"
                                : std::to_string(report.rows.size()) + " IP addresses taken from the text");
}

// A manual ticket may put its table between the German and the English
// letter: the text from the first salutation after the table.
std::string letter_after_table(std::string_view text, const std::vector<std::string_view>& lines, std::size_t from) {
  for (std::size_t i = from; i < lines.size(); ++i) {
    std::string_view line = trim_view(undecorate(lines[i]));
    bool salutation = line.ends_with(',') && (starts_with_ci(line, "Dear ") || starts_with_ci(line, "Sehr geehrte"));
    if (salutation) return trim(text.substr(static_cast<std::size_t>(lines[i].data() - text.data())));
  }
  return "";
}

void read_body(std::string_view text, std::vector<std::string_view> lines, Report& report) {
  Location location = locate_table(lines);
  std::size_t end = location.text_end < lines.size()
                        ? static_cast<std::size_t>(lines[location.text_end].data() - text.data())
                        : text.size();
  report.explanation = trim(text.substr(0, end));
  std::string after = letter_after_table(text, lines, location.line);
  if (!after.empty()) report.explanation += "\n\n" + after;
  switch (location.layout) {
    case Layout::pipe: return add_table(read_pipe_table(lines, location.line), report);
    case Layout::delimited: return add_csv_block(text, std::move(lines), location.line, report);
    case Layout::none: return read_prose(text, location.after_marker, report);
  }
}

void decide_status(Report& report) {
  if (report.ticket.empty()) {
    report.problems.insert(report.problems.begin(), "no CERT-Bund ticket in the subject or the first lines");
  }
  report.status = report.problems.empty() ? ReportStatus::parsed : ReportStatus::needs_review;
}

// Service and topic from the signed content only; the Subject's ticket,
// topic and scope are labels, and its service is only compared.
void decide_service(const Heading& label, const std::optional<Heading>& inside, Report& report) {
  std::optional<SignedService> found = signed_service(report, inside ? std::string_view(inside->topic) : "");
  std::string claimed = service_from_topic(label.topic);
  if (!found) {
    report.service = "other";
    report.problems.push_back("the signed content does not name the service" +
                              (claimed == "other" ? std::string()
                                                  : "; the Subject's \"" + label.topic + "\" (" + claimed +
                                                        ") is not signed and decides nothing"));
    return;
  }
  report.service = found->service;
  if (inside && !inside->topic.empty()) {
    report.topic = inside->topic;
    report.scope = inside->scope;
  } else if (claimed != "other" && claimed != found->service) {
    report.topic.clear();  // the Subject's words for another service are not shown as this one's
  }
  if (claimed != "other" && claimed != found->service) {
    report.notes.push_back("the Subject names " + claimed + " (\"" + label.topic + "\"), " + found->source + " names " +
                           found->service + ": the signed content counts");
  }
}

Report parse(std::string_view subject, const Message& content) {
  const Part* body = body_part(content);
  std::string_view text = body ? std::string_view(body->text) : std::string_view();
  std::vector<std::string_view> lines = clean_lines(text);
  Heading label = subject_heading(subject);
  std::optional<Heading> inside = signed_heading(lines);
  Report report;
  report.problems = content.problems;  // parts the message stage left out
  report.ticket = inside ? inside->ticket : label.ticket;
  report.topic = label.topic;
  report.scope = label.scope;
  // Only CERT-Bund's signed words may call a report critical in a notice.
  report.critical = inside && inside->critical;
  if (label.critical && !report.critical) {
    report.notes.push_back("the Subject says [KRITISCH], the signed content does not: not shown as critical");
  }
  if (const Part* csv = csv_part(content)) {
    report.explanation = trim(text);
    add_csv_block(csv->text, clean_lines(csv->text), 0, report);
  } else {
    read_body(text, std::move(lines), report);  // not used below
  }
  decide_service(label, inside, report);
  report.report_class = classify_report(report);
  decide_status(report);
  return report;
}

}  // namespace

Report parse_report(std::string_view subject, const Message& content) {
  try {
    return parse(subject, content);
  } catch (const std::exception& e) {
    // Only allocation can fail here; the mail is still kept for a person.
    Report report;
    report.problems.push_back(std::string("the parser gave up: ") + e.what());
    return report;
  }
}

}  // namespace certbund

// mails show: one stored mail, its verdict, its reviews and its report
// with the rows read from it (again, from the signed content), as text
// with a table of rows, as CSV of the rows (in CERT-Bund's dialect: what
// `mails review --rows` reads back), or as JSON.

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
#include "certbund/report.hpp"
#include "certbund/signature.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

using json = nlohmann::ordered_json;

// Every field may come from mail: escape_controls at the boundary.
void print_mail(const MailInfo& raw) {
  MailInfo m = raw;
  for (std::string* field : {&m.origin, &m.subject, &m.from, &m.detail, &m.signer}) {
    *field = escape_controls(*field);
  }
  std::cout << "mail " << m.id << "\n"
            << "  received: " << format_iso8601(m.received) << "\n"
            << "  origin:   " << m.origin << "\n"
            << "  subject:  " << m.subject << "\n"
            << "  from:     " << m.from << "\n"
            << "  sha256:   " << m.sha256 << "\n"
            << "  verdict:  " << text(m.verdict) << " (" << text(m.kind) << ")"
            << (m.detail.empty() ? "" : ": " + m.detail) << "\n"
            << "  signer:   " << (m.signer.empty() ? "-" : m.signer) << "\n"
            << "  status:   " << text(m.status) << "\n";
}

std::string mail_list(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (std::int64_t id : ids) out += (out.empty() ? "mail " : ", mail ") + std::to_string(id);
  return out;
}

// Which mails it carried attached (forwarded reports) and which carried it.
void print_relations(const Store& store, std::int64_t id) {
  auto attached = store.attached_to(id);
  auto carriers = store.carriers_of(id);
  if (!attached.empty()) std::cout << "  attached: " << mail_list(attached) << " (each verified on its own)\n";
  if (!carriers.empty()) std::cout << "  came attached to: " << mail_list(carriers) << "\n";
}

// "2024-01-15 03:00:00": CERT-Bund's way of writing a scan time.
std::string certbund_time(UnixTime t) {
  std::string s = format_iso8601(t);
  s[10] = ' ';
  s.pop_back();
  return s;
}

// asn, ip, timestamp, port (when a row has one), then every other column
// in the order first seen.
Table rows_table(const std::vector<Row>& rows) {
  bool ports = false;
  std::vector<std::string> extra;
  for (const Row& r : rows) {
    ports = ports || r.port.has_value();
    for (const auto& [title, value] : r.extra) {
      if (std::find(extra.begin(), extra.end(), title) == extra.end()) extra.push_back(title);
    }
  }
  Table t{{"asn", "ip", "timestamp"}, {}};
  if (ports) t.headers.push_back("port");
  t.headers.insert(t.headers.end(), extra.begin(), extra.end());
  for (const Row& r : rows) {
    std::vector<std::string> cells{r.asn ? std::to_string(*r.asn) : "", r.ip.to_string(),
                                   r.timestamp ? certbund_time(*r.timestamp) : ""};
    if (ports) cells.push_back(r.port ? std::to_string(*r.port) : "");
    for (const std::string& title : extra) {
      std::string cell;
      for (const auto& [key, value] : r.extra) {
        if (key == title) cell = value.value_or("");
      }
      cells.push_back(cell);
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

// The report read from the signed content of a verified mail; nullopt for
// any other.
std::optional<Report> report_of(const Context& ctx, const MailInfo& info, const std::string& bytes) {
  if (info.verdict != Verdict::verified) return std::nullopt;
  Verifier verifier(ctx.config.trust, ctx.config.limits.mime());
  Verification v = verifier.verify(bytes);
  Report report = parse_report(info.subject, v.content);
  hold_unbelievable(report, {info.received, ctx.config.limits.clock_skew});
  return report;
}

json reviews_json(const std::vector<MailReview>& reviews) {
  json out = json::array();
  for (const MailReview& r : reviews) {
    out.push_back({{"at", format_iso8601(r.at)},
                   {"by", r.by},
                   {"action", std::string(to_string(r.action))},
                   {"note", r.note},
                   {"report_id", r.report_id ? json(*r.report_id) : json(nullptr)},
                   {"rows_csv", r.rows_csv}});
  }
  return out;
}

// "2024-01-16T09:00:00Z alice: rows (report 3): note"
std::string review_line(const MailReview& r) {
  std::string line = format_iso8601(r.at) + " " + r.by + ": " + std::string(to_string(r.action));
  if (r.action == ReviewAction::rows) line += " (report " + std::to_string(r.report_id.value_or(0)) + ")";
  return line + (r.note.empty() ? "" : ": " + r.note);
}

json show_json(const Store& store, const MailInfo& info, const std::optional<Report>& report,
               const std::vector<MailReview>& reviews) {
  json out = mail_json(info);
  out["attached"] = store.attached_to(info.id);
  out["carried_by"] = store.carriers_of(info.id);
  out["reviews"] = reviews_json(reviews);
  if (!report) {
    out["report"] = nullptr;
    return out;
  }
  out["report"] = {{"ticket", report->ticket},
                   {"topic", report->topic},
                   {"scope", report->scope},
                   {"service", report->service},
                   {"critical", report->critical},
                   {"status", std::string(to_string(report->status))},
                   {"problems", report->problems},
                   {"notes", report->notes},
                   {"columns", report->columns},
                   {"rows", rows_json(report->rows)},
                   {"held_rows", held_rows_csv(*report)}};
  return out;
}

void print_text(const Store& store, const MailInfo& info, const std::optional<Report>& report,
                const std::vector<MailReview>& reviews) {
  print_mail(info);
  print_relations(store, info.id);
  for (const MailReview& r : reviews) std::cout << "  reviewed: " << review_line(r) << "\n";
  if (info.duplicate_of) {
    std::cout << "  duplicate of mail " << *info.duplicate_of << " (the same signed report), nothing made of it\n";
  }
  if (!report) return;
  std::cout << "  ticket:   " << escape_controls(report->ticket) << "\n  topic:    " << escape_controls(report->topic)
            << "\n  service:  " << escape_controls(report->service) << "\n";
  for (const std::string& p : report->problems) std::cout << "  problem:  " << escape_controls(p) << "\n";
  for (const std::string& n : report->notes) std::cout << "  note:     " << escape_controls(n) << "\n";
  for (const HeldRow& h : report->held) std::cout << "  held:     " << escape_controls(h.line) << "\n";
  std::cout << '\n';
  print_table(std::cout, rows_table(report->rows));
}

}  // namespace

// The report is parsed again from the stored bytes: the mail is the
// evidence, the parse is derived from it.
int show_mail(const Global& g, std::int64_t id, bool raw, Format format) {
  Context ctx(g, Access::read);
  auto info = ctx.store.mail(id);
  auto bytes = ctx.store.mail_raw(id);
  if (info && info->purged_at) throw Failure(Exit::no_input, purged(id, *info->purged_at));
  if (!info || !bytes) throw Failure(Exit::no_input, "mail " + std::to_string(id) + ": no such mail");
  if (raw) {  // the evidence as stored; only a terminal gets it escaped
    std::cout << (isatty(STDOUT_FILENO) ? escape_controls(*bytes, LineBreaks::keep) : *bytes);
    return 0;
  }
  const std::optional<Report> report = report_of(ctx, *info, *bytes);
  const std::vector<MailReview> reviews = ctx.store.reviews(id);
  if (format == Format::json) {
    // JSON escapes C0 itself; C1, DEL and bidi overrides it passes on.
    std::cout << escape_controls(show_json(ctx.store, *info, report, reviews).dump(2), LineBreaks::keep) << '\n';
  } else if (format == Format::csv) {
    print_csv(std::cout, rows_table(report ? report->rows : std::vector<Row>{}));
  } else {
    print_text(ctx.store, *info, report, reviews);
  }
  return 0;
}

}  // namespace certbund::cli

#include <unistd.h>

#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
#include "certbund/report.hpp"
#include "certbund/store.hpp"
#include "filters.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

Table mail_table(const std::vector<MailInfo>& list) {
  Table t{{"id", "received", "verdict", "status", "ticket", "service", "rows", "origin", "subject"}, {}};
  for (const MailInfo& m : list) {
    t.rows.push_back({std::to_string(m.id), format_iso8601(m.received), text(m.verdict), text(m.status), m.ticket,
                      m.service, std::to_string(m.rows), m.origin, m.subject});
  }
  return t;
}

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

}  // namespace

int mails(const Global& g, const MailQuery& q) {
  MailFilter filter;
  if (q.verdict) filter.verdict = checked_state("--verdict", *q.verdict, verdict_from_string, "a verdict", verdict_names());
  if (q.status) {
    filter.status = checked_state("--status", *q.status, mail_status_from_string, "a mail status", mail_status_names());
  }
  const UnixTime at = now();
  if (q.since) filter.since = parse_when("--since", *q.since, at, false);
  if (q.until) filter.until = parse_when("--until", *q.until, at, true);
  filter.order = list_order(q.list, mail_sort_fields());
  Context ctx(g);
  auto list = ctx.store.mails(filter);
  if (q.format == Format::json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const MailInfo& m : list) out.push_back(mail_json(m));
    std::cout << out.dump(2) << '\n';
  } else if (q.format == Format::csv) {
    print_csv(std::cout, mail_table(list));
  } else {
    print_table(std::cout, mail_table(list));
  }
  return 0;
}

// The report is parsed again from the stored bytes: the mail is the
// evidence, the parse is derived from it.
int show_mail(const Global& g, std::int64_t id, bool raw) {
  Context ctx(g);
  auto info = ctx.store.mail(id);
  auto bytes = ctx.store.mail_raw(id);
  if (info && info->purged_at) throw Failure(Exit::no_input, purged(id, *info->purged_at));
  if (!info || !bytes) throw Failure(Exit::no_input, "mail " + std::to_string(id) + ": no such mail");
  if (raw) {  // the evidence as stored; only a terminal gets it escaped
    std::cout << (isatty(STDOUT_FILENO) ? escape_controls(*bytes, LineBreaks::keep) : *bytes);
    return 0;
  }
  print_mail(*info);
  print_relations(ctx.store, id);
  if (info->verdict != Verdict::verified) return 0;
  Verifier verifier(ctx.config.trust, ctx.config.limits.mime_depth);
  Verification v = verifier.verify(*bytes);
  Report report = parse_report(info->subject, v.content);
  hold_unbelievable(report, {info->received, ctx.config.limits.clock_skew});
  std::cout << "  ticket:   " << escape_controls(report.ticket) << "\n  topic:    " << escape_controls(report.topic)
            << "\n  service:  " << escape_controls(report.service) << "\n";
  for (const std::string& p : report.problems) std::cout << "  problem:  " << escape_controls(p) << "\n";
  // JSON escapes C0 itself; C1, DEL and bidi overrides it passes on.
  std::cout << escape_controls(rows_json(report.rows).dump(2), LineBreaks::keep) << '\n';
  return 0;
}

}  // namespace certbund::cli

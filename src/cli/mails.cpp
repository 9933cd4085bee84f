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

}  // namespace

int mails(const Global& g, const MailQuery& q) {
  MailFilter filter;
  if (q.verdict)
    filter.verdict = checked_state("--verdict", *q.verdict, verdict_from_string, "a verdict", verdict_names());
  if (q.status) {
    filter.status = checked_state("--status", *q.status, mail_status_from_string, "a mail status", mail_status_names());
  }
  const UnixTime at = now();
  if (q.since) filter.since = parse_when("--since", *q.since, at, false);
  if (q.until) filter.until = parse_when("--until", *q.until, at, true);
  filter.order = list_order(q.list, mail_sort_fields());
  Context ctx(g, Access::read);
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

}  // namespace certbund::cli

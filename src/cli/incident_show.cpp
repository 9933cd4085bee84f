// incidents show: one incident's whole story, as a header and a timeline
// of scans, notices, notes and status changes (table or CSV), or as one
// JSON object.

#include <algorithm>
#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/store.hpp"
#include "json.hpp"
#include "output.hpp"

namespace certbund::cli {

namespace {

using json = nlohmann::ordered_json;

std::string time_or_dash(const std::optional<UnixTime>& t) { return t ? format_iso8601(*t) : "-"; }

struct Step {
  UnixTime at = 0;
  std::string what, by, detail;
};

void add_notice_steps(const IncidentNotice& n, std::vector<Step>& steps) {
  const std::string name = "notice " + std::to_string(n.id);
  const std::string to = "to " + join(n.to, ";");
  steps.push_back({n.created, name + " queued", "certbund", n.ticket + " " + to});
  if (n.status == OutboxStatus::queued) return;
  const std::string reply = n.reply.empty() ? "" : ": " + n.reply;
  steps.push_back({n.done_at.value_or(n.created), name + " " + text(n.status), "certbund", to + reply});
}

// Every step of the story, oldest first (a stable sort keeps the order of
// steps at the same second: history, scans, notices, notes).
std::vector<Step> timeline(const IncidentStory& story) {
  std::vector<Step> steps;
  for (const IncidentChange& c : story.history) steps.push_back({c.at, text(c.what), c.by, c.why});
  for (const IncidentEvent& e : story.events) {
    std::string detail = (e.ticket.empty() ? std::string("(no ticket)") : e.ticket) + ", mail " +
                         std::to_string(e.mail_id) + " (" + text(e.verdict) + ")" +
                         (e.reviewed_by ? ", rows read by " + *e.reviewed_by : "");
    steps.push_back({e.scanned, "scanned", "", detail});
  }
  for (const IncidentNotice& n : story.notices) add_notice_steps(n, steps);
  for (const IncidentNote& n : story.notes) steps.push_back({n.at, "note", n.by, n.text});
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.at < b.at; });
  return steps;
}

Table timeline_table(const IncidentStory& story) {
  Table t{{"time", "what", "by", "detail"}, {}};
  for (const Step& s : timeline(story)) t.rows.push_back({format_iso8601(s.at), s.what, s.by, s.detail});
  return t;
}

std::string customer_text(const IncidentInfo& i) {
  if (!i.customer) return "(unassigned)";
  return *i.customer + (i.customer_name ? " (" + *i.customer_name + ")" : "");
}

void print_header(const IncidentInfo& i) {
  std::cout << "incident " << i.id << ": " << i.ip.to_string() << (i.port ? " port " + std::to_string(*i.port) : "")
            << " " << i.service << ", " << text(i.status) << "\n"
            << "  customer:    " << customer_text(i) << "\n"
            << "  asn:         " << (i.asn ? std::to_string(*i.asn) : "-") << "\n"
            << "  first seen:  " << format_iso8601(i.first_seen) << "\n"
            << "  last seen:   " << format_iso8601(i.last_seen) << "\n"
            << "  resolved at: " << time_or_dash(i.resolved_at) << "\n"
            << "  tickets:     " << (i.tickets.empty() ? "-" : join(i.tickets, " ")) << "\n\n";
}

json story_json(const IncidentStory& story) {
  json out = incident_json(story.incident);
  out["events"] = json::array();
  for (const IncidentEvent& e : story.events) {
    out["events"].push_back({{"id", e.id},
                             {"scanned", format_iso8601(e.scanned)},
                             {"ticket", e.ticket.empty() ? json(nullptr) : json(e.ticket)},
                             {"report_id", e.report_id},
                             {"mail_id", e.mail_id},
                             {"verdict", text(e.verdict)},
                             {"customer", e.customer ? json(*e.customer) : json(nullptr)},
                             {"reviewed_by", e.reviewed_by ? json(*e.reviewed_by) : json(nullptr)}});
  }
  out["notices"] = json::array();
  for (const IncidentNotice& n : story.notices) {
    out["notices"].push_back({{"id", n.id},
                              {"status", text(n.status)},
                              {"customer", n.customer},
                              {"ticket", n.ticket},
                              {"to", n.to},
                              {"created", format_iso8601(n.created)},
                              {"done_at", time_json(n.done_at)},
                              {"attempts", n.attempts},
                              {"reply", n.reply}});
  }
  out["notes"] = json::array();
  for (const IncidentNote& n : story.notes) {
    out["notes"].push_back({{"at", format_iso8601(n.at)}, {"by", n.by}, {"text", n.text}});
  }
  out["history"] = json::array();
  for (const IncidentChange& c : story.history) {
    out["history"].push_back({{"at", format_iso8601(c.at)}, {"what", text(c.what)}, {"by", c.by}, {"why", c.why}});
  }
  return out;
}

}  // namespace

int show_incident(const Global& g, std::int64_t id, Format format) {
  Context ctx(g, Access::read);
  auto story = ctx.store.incident_story(id);
  if (!story) throw Failure(Exit::no_input, "incident " + std::to_string(id) + ": no such incident");
  if (format == Format::json) {
    std::cout << story_json(*story).dump(2) << '\n';
  } else if (format == Format::csv) {
    print_csv(std::cout, timeline_table(*story));
  } else {
    print_header(story->incident);
    print_table(std::cout, timeline_table(*story));
  }
  return 0;
}

}  // namespace certbund::cli

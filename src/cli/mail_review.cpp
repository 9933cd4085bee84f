// mails review: a person's reading of a mail whose report waits for one.

#include <fstream>
#include <iostream>
#include <sstream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"
#include "certbund/report.hpp"

namespace certbund::cli {

namespace {

constexpr std::size_t k_problems_shown = 3;

std::string read_rows_file(const std::string& path) {
  std::stringstream s;
  if (path == "-") {
    s << std::cin.rdbuf();
    return s.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure(Exit::no_input, path + ": cannot read (no such file, or no permission)");
  s << in.rdbuf();
  return s.str();
}

// "FILE: row 2: ...; row 5: ... (and 3 more)"
Failure rows_failure(const std::string& path, const std::vector<std::string>& problems) {
  std::string why;
  for (std::size_t i = 0; i < problems.size() && i < k_problems_shown; ++i) why += (i ? "; " : "") + problems[i];
  if (problems.size() > k_problems_shown) {
    why += " (and " + std::to_string(problems.size() - k_problems_shown) + " more)";
  }
  return Failure(Exit::data, path + ": " + why + "; nothing stored");
}

void check(const ReviewRequest& r) {
  if (r.dismiss == r.rows_file.has_value()) {
    throw Failure(Exit::usage, "mails review: give --rows FILE or --dismiss --note TEXT");
  }
  if (r.dismiss && trim(r.note.value_or("")).empty()) {
    throw Failure(Exit::usage, "mails review --dismiss: say why with --note TEXT");
  }
}

}  // namespace

int review_mail(const Global& g, std::int64_t id, const ReviewRequest& request) {
  check(request);
  MailReview review;
  review.by = author(request.by);
  review.note = trim(request.note.value_or(""));
  Report rows;
  if (request.rows_file) {
    review.rows_csv = read_rows_file(*request.rows_file);
    rows = parse_rows(review.rows_csv);
    if (!rows.problems.empty()) throw rows_failure(*request.rows_file, rows.problems);
  }
  Context ctx(g);
  Pipeline pipeline(ctx.config, ctx.store);
  review.at = now();
  const std::string mail = "mail " + std::to_string(id);
  if (request.dismiss) {
    pipeline.dismiss(id, review);
    log_line(g, mail + " dismissed by " + review.by + ": " + review.note);
    return 0;
  }
  MailOutcome o = pipeline.review(id, rows, review);
  log_line(g, mail + " reviewed by " + review.by + ": " + counted(o.rows, "row", "rows") + ", " +
                  counted(o.new_events, "new event", "new events") + ", " + std::to_string(o.unassigned) +
                  " unassigned, " + counted(o.notices, "notice queued", "notices queued"));
  if (ctx.config.notify_on_ingest && o.notices > 0) return notify(g, false);
  return 0;
}

}  // namespace certbund::cli

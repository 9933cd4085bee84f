#include <fstream>
#include <iostream>
#include <sstream>

#include "certbund/cli.hpp"
#include "certbund/report.hpp"
#include "certbund/signature.hpp"
#include "certbund/source.hpp"
#include "json.hpp"

namespace certbund::cli {

namespace {

std::string read_file(const std::string& path) {
  if (path == "-") {
    std::stringstream s;
    s << std::cin.rdbuf();
    return s.str();
  }
  auto bytes = read_whole_file(path);
  if (!bytes) throw Failure(Exit::no_input, path + ": cannot read (no such file, or no permission)");
  return *bytes;
}

}  // namespace

int parse(const Global& g, const std::string& path, bool no_verify) {
  std::string raw = without_envelope_lines(read_file(path));
  Message headers = parse_headers(raw);
  Verification v;
  Limits limits;
  if (no_verify) {
    v = unverified_content(raw);
  } else {
    Config config = load(g);
    limits = config.limits;
    Verifier verifier(config.trust, limits.mime());
    v = verifier.verify(raw);
  }
  Report report = parse_report(headers.subject, v.content);
  hold_unbelievable(report, {now(), limits.clock_skew});  // as if it arrived now
  std::cout << report_json(report, v).dump(2) << '\n';
  return 0;
}

}  // namespace certbund::cli

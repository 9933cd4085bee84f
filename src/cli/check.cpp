#include <iostream>

#include "certbund/cli.hpp"
#include "certbund/pipeline.hpp"

namespace certbund::cli {

namespace {
void print(const CheckResult& r) {
  const std::string where = r.where.empty() ? "" : " (" + r.where + ")";
  if (r.kind == CheckResult::Kind::ok)
    std::cout << "ok: " << r.what << ": " << escape_controls(r.said) << where << '\n';
  else std::cout << "FAIL: " << r.what << ": " << escape_controls(r.said) << where << '\n';
}
}  // namespace

int check(const Global& g, bool smtp) {
  Config config;
  try {
    config = load(g);
  } catch (const Failure& e) {
    std::cout << "FAIL: config: " << escape_controls(e.what()) << '\n';
    return static_cast<int>(Exit::config);
  }
  std::cout << "ok: config: valid (" << config.file.string() << ")\n";
  Exit worst = Exit::ok;
  for (const CheckResult& r : check_setup(config, smtp, now())) {
    print(r);
    if (r.kind == CheckResult::Kind::config) worst = Exit::config;
    else if (r.kind == CheckResult::Kind::temporary && worst == Exit::ok) worst = Exit::temp_fail;
  }
  return static_cast<int>(worst);
}

int templates_export(const std::string& dir, bool force) {
  auto written = export_templates(dir, force ? ExistingFile::overwrite : ExistingFile::refuse);
  std::cout << written.size() << " templates written to " << dir
            << " (set templates.dir to it; a file there replaces the built-in one of its name)\n";
  return 0;
}

}  // namespace certbund::cli

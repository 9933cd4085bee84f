// certbund_bench: speed and memory of the hot stages, printed as figures.
//   certbund_bench [--mbox-mb N] [--rows N] [--mails DIR --config FILE --customers CSV]
// Never part of the test suite: timings depend on the machine.

#include <sys/resource.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "certbund/pipeline.hpp"
#include "certbund/report.hpp"

using namespace certbund;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::string csv_row(int i) {
  return "\"64496\",\"192.0." + std::to_string(i / 250 % 250) + "." + std::to_string(i % 250) +
         "\",\"2024-01-15 03:" + std::to_string(10 + i % 50) + ":00\",\"11211\",\"1.4." + std::to_string(i % 30) +
         "\"\n";
}

Message report_message(int rows) {
  std::string text =
      "Sehr geehrte Damen und Herren,\n\nBetroffene Systeme in Ihrem Netzbereich:\n"
      "Affected hosts on your networks:\n\n\"asn\",\"ip\",\"timestamp\",\"port\",\"version\"\n";
  for (int i = 0; i < rows; ++i) text += csv_row(i);
  Message m;
  m.subject = "[CB-Report#20240115-10001234] Offene Memcached-Server in AS64496";
  m.parts.push_back(Part{"text/plain", "", text + "\n\nMit freundlichen Grüßen\n"});
  return m;
}

void bench_parser(int rows) {
  Message m = report_message(rows);
  const int rounds = 200;
  auto start = Clock::now();
  std::size_t parsed = 0;
  for (int i = 0; i < rounds; ++i) parsed += parse_report(m.subject, m).rows.size();
  double s = seconds_since(start);
  std::printf("report parser   %d-row CSV report: %.0f rows/s (%.2f ms per report)\n", rows, parsed / s,
              1000 * s / rounds);
}

fs::path write_mbox(const fs::path& dir, int megabytes) {
  fs::path file = dir / "bench.mbox";
  std::ofstream out(file, std::ios::binary);
  std::string body(2000, 'x');
  for (std::size_t i = 0; i < body.size(); i += 72) body[i] = '\n';
  long long written = 0, target = static_cast<long long>(megabytes) << 20;
  for (int n = 0; written < target; ++n) {
    std::string msg = "From reports@example Mon Jan 15 06:42:17 2024\nSubject: m" + std::to_string(n) +
                      "\n\n>From quoted\n" + body + "\n\n";
    out << msg;
    written += static_cast<long long>(msg.size());
  }
  return file;
}

void bench_mbox(const fs::path& dir, int megabytes) {
  fs::path file = write_mbox(dir, megabytes);
  long before = peak_rss_kib();
  auto start = Clock::now();
  auto source = open_source(file.string());
  std::size_t count = 0;
  while (auto next = (*source)->next()) {
    if (!*next) break;
    ++count;
  }
  double s = seconds_since(start);
  std::printf("mbox source     %d MiB, %zu messages: %.0f MiB/s, peak RSS grew by %ld KiB\n", megabytes, count,
              megabytes / s, peak_rss_kib() - before);
  fs::remove(file);
}

// The CPU budget of one report of 500 rows (record_events in its
// transaction): CPU time, not wall time, since builds share the machine.
constexpr double k_store_budget_ms = 50;

// False when a 500-row report takes more CPU time than the budget.
bool bench_store(const fs::path& dir, int rows) {
  Store store(dir / "bench.sqlite");
  Message m = report_message(rows);
  Report report = parse_report(m.subject, m);
  const int reports = 20;
  auto start = Clock::now();
  const std::clock_t cpu_start = std::clock();
  for (int r = 0; r < reports; ++r) {
    Store::Transaction tx(store);
    std::int64_t mail = store.add_mail(NewMail{"raw" + std::to_string(r), "bench", m.subject, "", ""}, 0);
    std::int64_t id = store.add_report(mail, report);
    for (Row& row : report.rows) *row.timestamp += k_day_seconds;  // new events, open incidents updated
    store.record_events(id, report, 7, 1700000000 + r * k_day_seconds);
    tx.commit();
  }
  double s = seconds_since(start);
  double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC / reports;
  std::printf("store           %d reports of %d rows: %.0f events/s (%.1f ms per report, %.1f ms CPU)\n", reports, rows,
              reports * rows / s, 1000 * s / reports, cpu_ms);
  if (rows != 500 || cpu_ms <= k_store_budget_ms) return true;
  std::printf("store           OVER BUDGET: more than %.0f ms CPU for a report of 500 rows\n", k_store_budget_ms);
  return false;
}

void bench_pipeline(const fs::path& dir, const fs::path& mails, const fs::path& config_file,
                    const fs::path& customers_file) {
  auto config = load_config(config_file);
  if (!config) {
    std::printf("pipeline        skipped: %s\n", config.error().message.c_str());
    return;
  }
  config->database_path = dir / "pipeline.sqlite";
  Store store(config->database_path);
  if (auto read = read_customers_csv(customers_file)) store.replace_customers(read->customers, 0);
  Pipeline pipeline(*config, store);
  std::size_t count = 0, verified = 0, notices = 0;
  auto start = Clock::now();
  for (const auto& entry : fs::directory_iterator(mails)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream raw;
    raw << in.rdbuf();
    MailOutcome o = pipeline.ingest(raw.str(), entry.path().string(), 1706000000);
    ++count;
    if (o.verdict == Verdict::verified) ++verified;
    notices += o.notices;
  }
  double s = seconds_since(start);
  std::printf(
      "pipeline        %zu signed mails (%zu verified, %zu notices) end to end: %.1f mails/s "
      "(%.1f ms per mail), peak RSS %ld KiB\n",
      count, verified, notices, count / s, 1000 * s / count, peak_rss_kib());
}

}  // namespace

int main(int argc, char** argv) {
  int mbox_mb = 256, rows = 500;
  fs::path mails, config, customers;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mbox-mb")) mbox_mb = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--rows")) rows = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--mails")) mails = argv[i + 1];
    else if (!std::strcmp(argv[i], "--config")) config = argv[i + 1];
    else if (!std::strcmp(argv[i], "--customers")) customers = argv[i + 1];
  }
  char tmpl[] = "/tmp/cbbenchXXXXXX";
  fs::path dir = mkdtemp(tmpl);
  bench_parser(rows);
  bool in_budget = bench_store(dir, rows);
  bench_mbox(dir, mbox_mb);
  if (!mails.empty()) bench_pipeline(dir, mails, config, customers);
  fs::remove_all(dir);
  return in_budget ? 0 : 1;
}

#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "column_state.hpp"
#include "json_text.hpp"
#include "list_order.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

namespace {
// The mail with its latest report, if any.
// A duplicate reads as status "duplicate", with its original's report.
constexpr std::string_view k_mail_status = "(CASE WHEN m.duplicate_of IS NULL THEN m.status ELSE 'duplicate' END)";
const std::string k_mail_select =
    "SELECT m.id, m.received, m.origin, m.sha256, m.message_id, m.subject, m.from_addr,"
    " m.verdict, m.kind, m.signer, m.detail, " +
    std::string(k_mail_status) +
    ", m.size,"
    " ifnull(r.ticket, ''), ifnull(r.service, ''), ifnull(r.topic, ''), ifnull(r.row_count, 0), m.purged_at,"
    " m.signed_id, m.duplicate_of"
    " FROM mails m LEFT JOIN reports r ON r.id ="
    " (SELECT max(id) FROM reports WHERE mail_id = ifnull(m.duplicate_of, m.id)) ";

const std::vector<SortField> k_mail_sort_fields{
    {"id", "m.id"},         {"received", "m.received"}, {"verdict", "m.verdict"}, {"status", k_mail_status},
    {"ticket", "r.ticket"}, {"service", "r.service"},   {"rows", "r.row_count"},  {"size", "m.size"},
};

MailInfo mail_from(SQLite::Statement& q) {
  MailInfo m;
  m.id = q.getColumn(0).getInt64();
  m.received = q.getColumn(1).getInt64();
  std::string* texts[] = {&m.origin, &m.sha256, &m.message_id, &m.subject, &m.from};
  for (int i = 0; i < 5; ++i) *texts[i] = q.getColumn(2 + i).getString();
  m.verdict = optional_column_state(q.getColumn(7), verdict_from_string);
  m.kind = optional_column_state(q.getColumn(8), signature_kind_from_string);
  m.signer = q.getColumn(9).getString();
  m.detail = q.getColumn(10).getString();
  m.status = column_state(q.getColumn(11), mail_status_from_string);
  m.size = q.getColumn(12).getInt64();
  m.ticket = q.getColumn(13).getString();
  m.service = q.getColumn(14).getString();
  m.topic = q.getColumn(15).getString();
  m.rows = q.getColumn(16).getInt64();
  if (!q.getColumn(17).isNull()) m.purged_at = q.getColumn(17).getInt64();
  m.signed_id = q.getColumn(18).getString();
  if (!q.getColumn(19).isNull()) m.duplicate_of = q.getColumn(19).getInt64();
  return m;
}

}  // namespace

MailStatus mail_status_of(ReportStatus s) {
  return s == ReportStatus::parsed ? MailStatus::parsed : MailStatus::needs_review;
}

std::optional<std::int64_t> Store::find_mail(const std::string& sha256) const {
  return guarded(path_, [&]() -> std::optional<std::int64_t> {
    auto q = statements_->get("SELECT id FROM mails WHERE sha256 = ?");
    q->bind(1, sha256);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getInt64();
  });
}

std::int64_t Store::add_mail(const NewMail& mail, UnixTime received) {
  const std::string sha = mail.sha256.empty() ? sha256_hex(mail.raw) : mail.sha256;
  if (auto known = find_mail(sha)) return *known;
  return guarded(path_, [&] {
    auto q = statements_->get(
        "INSERT INTO mails (received, origin, sha256, message_id, subject, from_addr, raw, size)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, static_cast<std::int64_t>(received));
    q->bind(2, mail.origin);
    q->bind(3, sha);
    q->bind(4, mail.message_id);
    q->bind(5, mail.subject);
    q->bind(6, mail.from);
    // Bound where it lies (the loan clears it before mail.raw can go): SQLite
    // builds the record from it without a copy of its own.
    // SQLite reads a null pointer as NULL, not as an empty blob.
    const void* bytes = mail.raw.data() ? static_cast<const void*>(mail.raw.data()) : "";
    q->SQLite::Statement::bindNoCopy(7, bytes, static_cast<int>(mail.raw.size()));
    q->bind(8, static_cast<std::int64_t>(mail.raw.size()));
    q->exec();
    return db_->getLastInsertRowid();
  });
}

void Store::set_verification(std::int64_t mail_id, const MailVerdict& v) {
  guarded(path_, [&] {
    auto q = statements_->get(
        "UPDATE mails SET verdict = ?, kind = ?, signer = ?, detail = ?,"
        " status = CASE WHEN ? THEN status ELSE 'rejected' END, signed_id = ?, duplicate_of = NULL WHERE id = ?");
    q->bind(1, std::string(to_string(v.verdict)));
    q->bind(2, std::string(to_string(v.kind)));
    q->bind(3, v.signer);
    q->bind(4, v.detail);
    q->bind(5, v.verdict == Verdict::verified ? 1 : 0);
    q->bind(6, v.signed_id);
    q->bind(7, mail_id);
    q->exec();
  });
}

std::optional<std::int64_t> Store::signed_original(const std::string& signed_id, std::int64_t mail_id) const {
  if (signed_id.empty()) return std::nullopt;
  return guarded(path_, [&]() -> std::optional<std::int64_t> {
    auto q = statements_->get(
        "SELECT min(id) FROM mails WHERE signed_id = ? AND signed_id <> '' AND id <> ? AND verdict = 'verified'"
        " AND status <> 'pending' AND duplicate_of IS NULL");
    q->bind(1, signed_id);
    q->bind(2, mail_id);
    if (!q->executeStep() || q->getColumn(0).isNull()) return std::nullopt;
    return q->getColumn(0).getInt64();
  });
}

void Store::mark_duplicate(std::int64_t mail_id, std::int64_t original_id) {
  guarded(path_, [&] {
    auto q = statements_->get("UPDATE mails SET duplicate_of = ?, status = 'parsed' WHERE id = ?");
    q->bind(1, original_id);
    q->bind(2, mail_id);
    q->exec();
  });
}

std::vector<std::string_view> mail_sort_fields() { return names_of(k_mail_sort_fields); }

std::vector<MailInfo> Store::mails(const MailFilter& filter) const {
  const std::string order = order_clause(filter.order, k_mail_sort_fields, "m.id");
  return guarded(path_, [&] {
    auto q = statements_->get(k_mail_select + "WHERE (?1 IS NULL OR m.verdict = ?1) AND (?2 IS NULL OR " +
                              std::string(k_mail_status) +
                              " = ?2)"
                              " AND (?3 IS NULL OR m.received >= ?3) AND (?4 IS NULL OR m.received <= ?4)" +
                              order);
    if (filter.verdict) q->bind(1, std::string(to_string(*filter.verdict)));
    if (filter.status) q->bind(2, std::string(to_string(*filter.status)));
    if (filter.since) q->bind(3, static_cast<std::int64_t>(*filter.since));
    if (filter.until) q->bind(4, static_cast<std::int64_t>(*filter.until));
    std::vector<MailInfo> out;
    while (q->executeStep()) out.push_back(mail_from(*q));
    return out;
  });
}

std::optional<MailInfo> Store::mail(std::int64_t id) const {
  return guarded(path_, [&]() -> std::optional<MailInfo> {
    auto q = statements_->get(k_mail_select + "WHERE m.id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return mail_from(*q);
  });
}

std::optional<std::string> Store::mail_raw(std::int64_t id) const {
  return guarded(path_, [&]() -> std::optional<std::string> {
    auto q = statements_->get("SELECT raw FROM mails WHERE id = ? AND purged_at IS NULL");
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    const auto raw = q->getColumn(0);
    return std::string(static_cast<const char*>(raw.getBlob()), static_cast<std::size_t>(raw.getBytes()));
  });
}

std::vector<std::int64_t> Store::pending_mails() const {
  return guarded(path_, [&] {
    auto q = statements_->get("SELECT id FROM mails WHERE status = 'pending' ORDER BY id");
    std::vector<std::int64_t> out;
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

std::int64_t Store::add_report(std::int64_t mail_id, const Report& report) {
  return guarded(path_, [&] {
    Transaction tx(*this);
    const auto id = insert_report(mail_id, report);
    set_mail_status(mail_id, mail_status_of(report.status));
    tx.commit();
    return id;
  });
}

std::int64_t Store::insert_report(std::int64_t mail_id, const Report& report) {
  return guarded(path_, [&] {
    auto q = statements_->get(
        "INSERT INTO reports (mail_id, ticket, topic, scope, service, critical, status, problems,"
        " columns, explanation, row_count, class, held_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, mail_id);
    q->bind(2, report.ticket);
    q->bind(3, report.topic);
    q->bind(4, report.scope);
    q->bind(5, report.service);
    q->bind(6, report.critical ? 1 : 0);
    q->bind(7, std::string(to_string(report.status)));
    std::vector<std::string> lines = report.problems;  // notes too: `mails show` lists both
    lines.insert(lines.end(), report.notes.begin(), report.notes.end());
    q->bind(8, join(lines, "\n"));
    q->bind(9, json_array(report.columns));
    q->bind(10, report.explanation);
    q->bind(11, static_cast<std::int64_t>(report.rows.size()));
    q->bind(12, std::string(to_string(report.report_class)));
    q->bind(13, held_rows_csv(report));
    q->exec();
    return db_->getLastInsertRowid();
  });
}

void Store::set_mail_status(std::int64_t mail_id, MailStatus status) {
  guarded(path_, [&] {
    auto q = statements_->get("UPDATE mails SET status = ? WHERE id = ?");
    q->bind(1, std::string(to_string(status)));
    q->bind(2, mail_id);
    q->exec();
  });
}

}  // namespace certbund

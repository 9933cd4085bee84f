#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

void Store::link_attached(std::int64_t carrier_id, std::int64_t mail_id, int position) {
  guarded(path_, [&] {
    auto q = statements_->get(
        "INSERT INTO attached_mails (carrier_id, mail_id, position) VALUES (?, ?, ?)"
        " ON CONFLICT (carrier_id, mail_id) DO NOTHING");
    q->bind(1, carrier_id);
    q->bind(2, mail_id);
    q->bind(3, position);
    q->exec();
  });
}

std::vector<std::int64_t> Store::attached_to(std::int64_t carrier_id) const {
  return guarded(path_, [&] {
    auto q = statements_->get("SELECT mail_id FROM attached_mails WHERE carrier_id = ? ORDER BY position, mail_id");
    q->bind(1, carrier_id);
    std::vector<std::int64_t> out;
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

std::vector<std::int64_t> Store::carriers_of(std::int64_t mail_id) const {
  return guarded(path_, [&] {
    auto q = statements_->get("SELECT carrier_id FROM attached_mails WHERE mail_id = ? ORDER BY carrier_id");
    q->bind(1, mail_id);
    std::vector<std::int64_t> out;
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

}  // namespace certbund

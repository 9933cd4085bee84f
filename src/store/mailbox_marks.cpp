#include <SQLiteCpp/SQLiteCpp.h>

#include "certbund/store.hpp"
#include "sqlite_failure.hpp"
#include "statement_cache.hpp"

namespace certbund {

std::optional<PrefixMark> Store::mailbox_mark(const std::string& path) const {
  return guarded(path_, [&]() -> std::optional<PrefixMark> {
    auto q = statements_->get("SELECT size, sha256, messages FROM mailbox_marks WHERE path = ?");
    q->bind(1, path);
    if (!q->executeStep()) return std::nullopt;
    return PrefixMark{static_cast<std::uint64_t>(q->getColumn(0).getInt64()), q->getColumn(1).getString(),
                      static_cast<std::uint64_t>(q->getColumn(2).getInt64())};
  });
}

void Store::set_mailbox_mark(const std::string& path, const PrefixMark& mark, UnixTime now) {
  guarded(path_, [&] {
    auto q = statements_->get(
        "INSERT INTO mailbox_marks (path, size, sha256, messages, updated) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (path) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256,"
        " messages = excluded.messages, updated = excluded.updated");
    q->bind(1, path);
    q->bind(2, static_cast<std::int64_t>(mark.size));
    q->bind(3, mark.sha256);
    q->bind(4, static_cast<std::int64_t>(mark.messages));
    q->bind(5, static_cast<std::int64_t>(now));
    q->exec();
  });
}

}  // namespace certbund

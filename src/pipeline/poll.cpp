#include "certbund/pipeline.hpp"

namespace certbund {

IngestTotals Pipeline::poll_path(const std::filesystem::path& path, IngestObserver& observer) {
  const std::string key = std::filesystem::absolute(path).lexically_normal().string();
  const std::optional<PrefixMark> before = store_.mailbox_mark(key);
  auto source = open_new_mail(path.string(), before);
  if (!source) throw Failure(source.error());
  IngestTotals totals = ingest_all(**source, observer);
  // A stop in the middle keeps the mark of what was processed up to there.
  if (auto mark = (*source)->mark(); mark && mark != before) {
    Store::Transaction tx(store_);
    store_.set_mailbox_mark(key, *mark, observer.now());
    tx.commit();
  }
  return totals;
}

}  // namespace certbund

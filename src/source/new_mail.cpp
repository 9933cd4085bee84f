#include "sources.hpp"

namespace certbund {

namespace fs = std::filesystem;

Result<std::unique_ptr<Source>> open_new_mail(const std::string& path, const std::optional<PrefixMark>& mark) {
  std::error_code ec;
  if (path == "-" || !fs::exists(path, ec)) return open_source(path);
  if (fs::is_directory(path, ec)) {
    if (is_maildir(path)) return make_maildir_source(path, MaildirMails::unseen);
    return open_source(path);
  }
  // An empty file is an mbox that has no mail yet, not one empty mail.
  if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0 && !ec) return make_mbox_tail(path, mark);
  auto mbox = starts_like_mbox(path);
  if (!mbox) return std::unexpected(mbox.error());
  if (*mbox) return make_mbox_tail(path, mark);
  return open_source(path);
}

}  // namespace certbund

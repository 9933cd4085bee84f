// Design: the file names in new/ and cur/ are listed once, when the Maildir
// is opened, and sorted so that runs are repeatable; tmp/ is never read
// (a delivery in progress). processed() files a message as seen, the way
// mail readers do: new/NAME moves to cur/NAME:2,S, and a cur/ file gains
// the S flag, flags kept in ASCII order as the Maildir spec asks. So a
// poll skips the cur/ mails flagged S: stored before, or seen by a reader.

#include <algorithm>
#include <vector>

#include "sources.hpp"

namespace certbund {

namespace {

namespace fs = std::filesystem;

Result<std::vector<fs::path>> listing(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    bool dotfile = it->path().filename().string().starts_with('.');
    if (!dotfile && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return std::unexpected(Error{dir.string() + ": " + ec.message(), Exit::no_input});
  std::ranges::sort(files);
  return files;
}

// "1.host:2,RF" -> "1.host:2,FRS"; a name without info gets ":2,S".
std::string with_seen_flag(const std::string& name) {
  size_t info = name.rfind(":2,");
  std::string base = name.substr(0, info);
  std::string flags = info == std::string::npos ? "" : name.substr(info + 3);
  flags += 'S';
  std::ranges::sort(flags);
  flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
  return base + ":2," + flags;
}

// "1.host:2,RS" is flagged seen: S among the flags after ":2,".
bool flagged_seen(const std::string& name) {
  size_t info = name.rfind(":2,");
  return info != std::string::npos && name.find('S', info + 3) != std::string::npos;
}

class MaildirSource : public Source {
 public:
  explicit MaildirSource(std::vector<fs::path> files) : files_(std::move(files)) {}

  Result<std::optional<RawMessage>> read() override {
    while (next_ < files_.size()) {
      const fs::path& file = files_[next_++];
      std::error_code ec;
      if (!fs::exists(file, ec)) continue;  // another reader moved it since the listing
      auto bytes = read_file(file);
      if (!bytes) return std::unexpected(Error{bytes.error().message, Exit::io});
      return RawMessage{std::move(*bytes), file.string(), file};
    }
    return std::nullopt;
  }

  void processed(const RawMessage& message) override {
    const fs::path& file = message.maildir_file;
    if (file.empty()) return;
    fs::path target = file.parent_path().parent_path() / "cur" / with_seen_flag(file.filename().string());
    std::error_code ec;
    // A failed rename leaves the message unmarked: it is read again on the
    // next run, and the store knows it by its hash.
    if (target != file) fs::rename(file, target, ec);
  }

 private:
  std::vector<fs::path> files_;
  size_t next_ = 0;
};

}  // namespace

Result<std::unique_ptr<Source>> make_maildir_source(const fs::path& root, MaildirMails which) {
  auto fresh = listing(root / "new");
  if (!fresh) return std::unexpected(fresh.error());
  auto seen = listing(root / "cur");
  if (!seen) return std::unexpected(seen.error());
  if (which == MaildirMails::unseen)
    std::erase_if(*seen, [](const fs::path& p) { return flagged_seen(p.filename().string()); });
  fresh->insert(fresh->end(), seen->begin(), seen->end());
  return std::make_unique<MaildirSource>(std::move(*fresh));
}

}  // namespace certbund

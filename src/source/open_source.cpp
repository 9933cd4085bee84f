#include <fstream>

#include "sources.hpp"

namespace certbund {

namespace fs = std::filesystem;

bool is_maildir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "new", ec) && fs::is_directory(dir / "cur", ec);
}

// An mbox starts with a From_ line; reading it also proves the file readable.
Result<bool> starts_like_mbox(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(Error{file.string() + ": cannot read", Exit::no_input});
  std::string head(5, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == 5 && head == "From ";
}

Result<std::unique_ptr<Source>> open_source(const std::string& path) {
  if (path == "-") return make_stdin_source();
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    bool missing = !ec || ec == std::errc::no_such_file_or_directory;
    return std::unexpected(Error{path + ": " + (missing ? "no such file or directory" : ec.message()), Exit::no_input});
  }
  if (fs::is_directory(status)) {
    if (is_maildir(path)) return make_maildir_source(path);
    return std::unexpected(Error{path + ": a directory but not a Maildir (no new/ and cur/)", Exit::no_input});
  }
  auto mbox = starts_like_mbox(path);
  if (!mbox) return std::unexpected(mbox.error());
  return *mbox ? make_mbox_source(path) : make_file_source(path);
}

}  // namespace certbund

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "sources.hpp"

namespace certbund {

namespace {

// Yields one message, read when first asked for.
class SingleSource : public Source {
 public:
  explicit SingleSource(std::filesystem::path path) : path_(std::move(path)) {}

  Result<std::optional<RawMessage>> read() override {
    if (done_) return std::nullopt;
    done_ = true;
    if (path_.empty()) return read_stdin();
    auto bytes = read_file(path_);
    if (!bytes) return std::unexpected(bytes.error());
    return RawMessage{std::move(*bytes), path_.string(), {}};
  }

 private:
  static Result<std::optional<RawMessage>> read_stdin() {
    std::string bytes{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    if (std::cin.bad()) return std::unexpected(Error{"-: cannot read standard input", Exit::io});
    return RawMessage{std::move(bytes), "-", {}};
  }

  std::filesystem::path path_;  // empty for standard input
  bool done_ = false;
};

}  // namespace

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(Error{path.string() + ": " + std::strerror(errno), Exit::no_input});
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::unexpected(Error{path.string() + ": read error", Exit::io});
  std::string out = std::move(bytes).str();
  out.shrink_to_fit();  // the stream's buffer grew by doubling: up to 10% more than the mail
  return out;
}

std::unique_ptr<Source> make_stdin_source() { return std::make_unique<SingleSource>(std::filesystem::path()); }

std::unique_ptr<Source> make_file_source(const std::filesystem::path& path) {
  return std::make_unique<SingleSource>(path);
}

}  // namespace certbund

// Design: a poll of an mbox reads only what was appended since the last
// one. It remembers the prefix it processed (size, SHA-256, message count)
// and takes up after it when the file still starts with those bytes and a
// From_ line (or the end) follows. Anything else means the file was
// rewritten (a mail client deleted or moved mails, logrotate, a restore),
// and it is read from the start: the store knows every mail by its hash,
// so reading a mail twice changes nothing. The hash of the prefix is kept
// running, so a run reads the old prefix once and the new part twice.

#include <deque>
#include <fstream>

#include "sources.hpp"

namespace certbund {

namespace {

namespace fs = std::filesystem;

// The running SHA-256 of a file's first size() bytes.
class PrefixHash {
 public:
  // Hashes on up to `offset`; false when the file is shorter or unreadable.
  bool extend_to(const fs::path& path, std::uint64_t offset) {
    if (offset <= size_) return offset == size_;
    std::ifstream in(path, std::ios::binary);
    if (!in.seekg(static_cast<std::streamoff>(size_))) return false;
    std::string buffer(1 << 16, '\0');
    while (size_ < offset) {
      const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(buffer.size(), offset - size_));
      in.read(buffer.data(), want);
      if (in.gcount() <= 0) return false;
      sha_.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
      size_ += static_cast<std::uint64_t>(in.gcount());
    }
    return true;
  }
  std::uint64_t size() const { return size_; }
  std::string hex() const { return sha_.hex(); }

 private:
  Sha256 sha_;
  std::uint64_t size_ = 0;
};

// True when the bytes at `offset` start a From_ line, or the file ends there.
bool message_starts_at(const fs::path& path, std::uint64_t offset) {
  std::ifstream in(path, std::ios::binary);
  if (!in.seekg(static_cast<std::streamoff>(offset))) return false;
  std::string line;
  if (!std::getline(in, line)) return in.eof() && !in.bad();
  return is_from_line(line);
}

class MboxTail : public Source {
 public:
  MboxTail(fs::path path, PrefixHash hash, std::uint64_t skipped)
      : path_(std::move(path)),
        reader_(make_mbox_reader(path_, hash.size(), skipped)),
        hash_(std::move(hash)),
        done_end_(hash_.size()),
        done_messages_(skipped) {}

  Result<std::optional<RawMessage>> read() override {
    auto message = reader_->next();
    if (message && *message) read_ends_.push_back(reader_->end_of_last());
    return message;
  }

  // Messages are processed in the order they are read, maybe several
  // reads behind (ingest reads ahead): each takes its own end off the queue.
  void processed(const RawMessage& message) override {
    reader_->processed(message);
    if (read_ends_.empty()) return;  // not read here: nothing to mark
    done_end_ = read_ends_.front();
    read_ends_.pop_front();
    ++done_messages_;
  }

  std::optional<PrefixMark> mark() override {
    if (!hash_.extend_to(path_, done_end_)) return std::nullopt;
    return PrefixMark{done_end_, hash_.hex(), done_messages_};
  }

 private:
  fs::path path_;
  std::unique_ptr<MboxReader> reader_;
  PrefixHash hash_;
  std::deque<std::uint64_t> read_ends_;  // ends of the messages read and not yet processed
  std::uint64_t done_end_;               // end of the last message processed
  std::uint64_t done_messages_;
};

}  // namespace

std::unique_ptr<Source> make_mbox_tail(const fs::path& path, const std::optional<PrefixMark>& mark) {
  PrefixHash hash;
  if (mark && hash.extend_to(path, mark->size) && hash.hex() == mark->sha256 && message_starts_at(path, mark->size)) {
    return std::make_unique<MboxTail>(path, std::move(hash), mark->messages);
  }
  return std::make_unique<MboxTail>(path, PrefixHash(), 0);
}

}  // namespace certbund

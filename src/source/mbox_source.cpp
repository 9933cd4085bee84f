// Design: an mbox is read line by line, never whole. A message ends where
// an empty line is followed by a From_ line ("From " SENDER DATE, see
// is_from_line); that empty line is the separator and belongs to neither
// message, so it is held back until the next line shows what it is. A
// body line "From our scans of ..." that a writer failed to quote is not a
// From_ line and stays in the message. mboxrd quoting (">From ", ">>From ") loses
// one '>'; mboxo files are read the same way. CRLF files keep their CRs.

#include <fstream>

#include "sources.hpp"

namespace certbund {

namespace {

bool is_blank_line(std::string_view line) { return line.empty() || line == "\r"; }

void append_unquoted(std::string& out, std::string_view line) {
  size_t quotes = line.find_first_not_of('>');
  bool quoted = quotes > 0 && quotes != std::string_view::npos && line.substr(quotes).starts_with("From ");
  out += quoted ? line.substr(1) : line;
}

class MboxSource : public MboxReader {
 public:
  MboxSource(std::filesystem::path path, std::uint64_t offset, std::uint64_t skipped)
      : path_(std::move(path)), in_(path_, std::ios::binary), count_(skipped), offset_(offset) {
    if (offset > 0) in_.seekg(static_cast<std::streamoff>(offset));
  }

  Result<std::optional<RawMessage>> read() override {
    if (!in_.is_open()) return std::unexpected(Error{path_.string() + ": cannot open", Exit::no_input});
    std::string line;
    if (!started_) {
      started_ = true;
      if (!next_line(line)) return std::nullopt;  // the first From_ line
    } else if (!at_from_line_) {
      return std::nullopt;
    }
    ++count_;
    std::string bytes = read_message();
    if (in_.bad()) return std::unexpected(Error{path_.string() + ": read error", Exit::io});
    return RawMessage{std::move(bytes), path_.string() + ":" + std::to_string(count_), {}};
  }

  std::uint64_t end_of_last() const override { return end_of_last_; }
  bool lets_go() const override { return false; }

 private:
  // Reads up to the next From_ line (consumed) or the end of the file.
  std::string read_message() {
    std::string bytes;
    std::string held;  // an empty line that may be the separator
    bool holding = false;
    at_from_line_ = false;
    for (std::string line; next_line(line);) {
      std::string_view eol = in_.eof() ? "" : "\n";
      if (holding && is_from_line(line)) {
        at_from_line_ = true;
        end_of_last_ = line_start_;
        return bytes;
      }
      if (holding) bytes += held;
      holding = is_blank_line(line);
      if (holding) {
        held = line.append(eol);
      } else {
        append_unquoted(bytes, line);
        bytes += eol;
      }
    }
    end_of_last_ = offset_;
    return bytes;
  }

  // getline that counts the bytes it consumes.
  bool next_line(std::string& line) {
    if (!std::getline(in_, line)) return false;
    line_start_ = offset_;
    offset_ += line.size() + (in_.eof() ? 0 : 1);
    return true;
  }

  std::filesystem::path path_;
  std::ifstream in_;
  std::uint64_t count_ = 0;
  bool started_ = false;
  bool at_from_line_ = false;      // the last line read starts the next message
  std::uint64_t offset_ = 0;       // of the next byte to read
  std::uint64_t line_start_ = 0;   // of the last line read
  std::uint64_t end_of_last_ = 0;  // see MboxReader
};

}  // namespace

std::unique_ptr<MboxReader> make_mbox_reader(const std::filesystem::path& path, std::uint64_t offset,
                                             std::uint64_t skipped) {
  return std::make_unique<MboxSource>(path, offset, skipped);
}

std::unique_ptr<Source> make_mbox_source(const std::filesystem::path& path) { return make_mbox_reader(path); }

}  // namespace certbund

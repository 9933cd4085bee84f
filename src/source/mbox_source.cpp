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

class MboxSource : public Source {
 public:
  explicit MboxSource(std::filesystem::path path) : path_(std::move(path)), in_(path_, std::ios::binary) {}

  Result<std::optional<RawMessage>> read() override {
    if (!in_.is_open()) return std::unexpected(Error{path_.string() + ": cannot open", Exit::no_input});
    std::string line;
    if (count_ == 0 && !std::getline(in_, line)) return std::nullopt;  // the first From_ line
    if (count_ > 0 && !at_from_line_) return std::nullopt;
    ++count_;
    std::string bytes = read_message();
    if (in_.bad()) return std::unexpected(Error{path_.string() + ": read error", Exit::io});
    return RawMessage{std::move(bytes), path_.string() + ":" + std::to_string(count_), {}};
  }

 private:
  // Reads up to the next From_ line (consumed) or the end of the file.
  std::string read_message() {
    std::string bytes;
    std::string held;  // an empty line that may be the separator
    bool holding = false;
    at_from_line_ = false;
    for (std::string line; std::getline(in_, line);) {
      std::string_view eol = in_.eof() ? "" : "\n";
      if (holding && is_from_line(line)) {
        at_from_line_ = true;
        break;
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
    return bytes;
  }

  std::filesystem::path path_;
  std::ifstream in_;
  int count_ = 0;
  bool at_from_line_ = false;  // the last line read starts the next message
};

}  // namespace

std::unique_ptr<Source> make_mbox_source(const std::filesystem::path& path) {
  return std::make_unique<MboxSource>(path);
}

}  // namespace certbund

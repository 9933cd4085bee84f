#include "output.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ostream>

#include "certbund/util.hpp"

namespace certbund::cli {

namespace {

// The escaped cell: printable ASCII as it is, without a copy.
std::string_view shown(const std::string& cell, std::string& scratch) {
  if (plain_ascii(cell)) return cell;
  scratch = escape_controls(cell);
  return scratch;
}

// `cells` (escaped) padded to `widths`, two blanks apart, appended to `line`.
template <class Cells>
void append_row(std::string& line, const Cells& cells, const std::vector<std::size_t>& widths) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) {
      const std::size_t w = display_width(cells[i]);
      line.append(std::max(widths[i], w) - w + 2, ' ');
    }
  }
  line += '\n';
}

void print_row(std::ostream& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  append_row(line, cells, widths);
  out << line;
}

void widen(std::vector<std::size_t>& widths, const std::vector<std::string>& escaped_cells) {
  for (std::size_t i = 0; i < escaped_cells.size() && i < widths.size(); ++i) {
    widths[i] = std::max(widths[i], display_width(escaped_cells[i]));
  }
}

void print_head(std::ostream& out, const std::vector<std::string>& headers, const std::vector<std::size_t>& widths) {
  print_row(out, headers, widths);
  std::vector<std::string> rule;
  for (std::size_t w : widths) rule.emplace_back(w, '-');
  print_row(out, rule, widths);
}

// Whether RFC 4180 quotes `s`. A loop, not find_first_of: libstdc++'s
// calls memchr on the four characters for every character of the cell
// (a seventh of a CSV list of a million incidents).
bool needs_quotes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
}

void append_csv_cell(std::string& line, std::string_view s) {
  if (!needs_quotes(s)) {
    line += s;
    return;
  }
  line += '"';
  for (char c : s) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

// Cells come from mail: no control or bidi override reaches the terminal.
std::vector<std::string> escaped(const std::vector<std::string>& cells) {
  std::vector<std::string> out;
  out.reserve(cells.size());
  for (const std::string& cell : cells) out.push_back(escape_controls(cell));
  return out;
}

}  // namespace

std::string time_text(const std::optional<UnixTime>& t) { return t ? format_iso8601(*t) : ""; }

void print_table(std::ostream& out, const Table& table) {
  const std::vector<std::string> headers = escaped(table.headers);
  std::vector<std::size_t> widths(headers.size());
  widen(widths, headers);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    rows.push_back(escaped(row));
    widen(widths, rows.back());
  }
  print_head(out, headers, widths);
  for (const auto& row : rows) print_row(out, row, widths);
}

namespace {
constexpr std::size_t k_kept_bytes = 1 << 20;   // rows held in memory before they go to a file
constexpr std::size_t k_block_bytes = 1 << 16;  // printed rows written at once

// The spooled rows: each one its length (4 bytes), its cell count, then
// per cell its length in bytes, its display width and its escaped bytes;
// counts, lengths and widths as LEB128 varints. The widths measured once,
// as the cell is kept: printing reads no cell twice (a table of 900,000
// incidents measured each cell again and searched for its end). Rows are
// written and read through pointers into room made for the whole row, not
// a string append per field.
constexpr std::size_t k_row_length_bytes = 4;
constexpr std::size_t k_varint_bytes = 10;  // the most a std::size_t takes

char* put_varint(char* at, std::size_t n) {
  for (; n >= 0x80; n >>= 7) *at++ = static_cast<char>((n & 0x7f) | 0x80);
  *at++ = static_cast<char>(n);
  return at;
}

std::size_t read_varint(const char*& at) {
  std::size_t n = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(*at++);
    n |= std::size_t{byte & 0x7fu} << shift;
    if (byte < 0x80) return n;
  }
}

std::size_t read_row_length(const char* at) {
  std::uint32_t n;
  std::memcpy(&n, at, sizeof n);
  return n;
}

char* put_bytes(char* at, std::string_view bytes) {
  std::memcpy(at, bytes.data(), bytes.size());
  return at + bytes.size();
}
}  // namespace

SpooledTable::SpooledTable(std::ostream& out, const std::vector<std::string>& headers)
    : out_(out), headers_(escaped(headers)), widths_(headers_.size()) {
  widen(widths_, headers_);
}

SpooledTable::~SpooledTable() {
  if (file_) std::fclose(file_);
}

void SpooledTable::add(const std::vector<std::string>& cells) {
  if (shown_.size() < cells.size()) {
    shown_.resize(cells.size());
    escaped_.resize(cells.size());
  }
  std::size_t room = k_row_length_bytes + k_varint_bytes;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    Shown& cell = shown_[i];
    if (plain_ascii(cells[i])) {  // printable ASCII: kept as it is, a column a byte
      cell = {cells[i], cells[i].size()};
    } else {
      escaped_[i] = escape_controls(cells[i]);
      cell = {escaped_[i], display_width(escaped_[i])};
    }
    if (i < widths_.size()) widths_[i] = std::max(widths_[i], cell.width);
    room += 2 * k_varint_bytes + cell.text.size();
  }
  const std::size_t start = kept_.size();
  kept_.resize_and_overwrite(start + room, [&](char* data, std::size_t) {
    char* at = put_varint(data + start + k_row_length_bytes, cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
      at = put_varint(at, shown_[i].text.size());
      at = put_varint(at, shown_[i].width);
      at = put_bytes(at, shown_[i].text);
    }
    return static_cast<std::size_t>(at - data);
  });
  const std::size_t length = kept_.size() - start - k_row_length_bytes;
  if (length > UINT32_MAX) throw Failure(Exit::io, "table: a row of more than 4 GiB; use --format csv");
  const auto n = static_cast<std::uint32_t>(length);
  std::memcpy(kept_.data() + start, &n, sizeof n);
  if (kept_.size() >= k_kept_bytes) spill();
}

void SpooledTable::spill() {
  if (!file_) file_ = std::tmpfile();
  if (!file_ || std::fwrite(kept_.data(), 1, kept_.size(), file_) != kept_.size()) {
    throw Failure(Exit::io, "table: cannot keep the rows in a temporary file (" + std::string(std::strerror(errno)) +
                                "); use --format csv");
  }
  kept_.clear();
}

std::size_t SpooledTable::print_rows(std::string_view rows) {
  // A row prints at most its spooled bytes, each column's width and two
  // blanks (widths_ holds the widest cell; a cell beyond them takes two
  // blanks and at least two bytes of the row) and its newline.
  std::size_t padding = 1;
  for (std::size_t w : widths_) padding += w + 2;
  const char* at = rows.data();
  const char* const end = at + rows.size();
  std::size_t row;
  for (; static_cast<std::size_t>(end - at) >= k_row_length_bytes &&
         static_cast<std::size_t>(end - at) - k_row_length_bytes >= (row = read_row_length(at));) {
    at += k_row_length_bytes;
    const std::size_t used = block_.size();
    block_.resize_and_overwrite(used + 2 * row + padding, [&](char* data, std::size_t) {
      char* out = data + used;
      const std::size_t count = read_varint(at);
      for (std::size_t i = 0; i < count; ++i) {
        const std::size_t size = read_varint(at);
        const std::size_t width = read_varint(at);
        std::memcpy(out, at, size);
        out += size;
        at += size;
        if (i + 1 == count) break;
        const std::size_t pad = std::max(i < widths_.size() ? widths_[i] : 0, width) - width + 2;
        std::memset(out, ' ', pad);
        out += pad;
      }
      *out++ = '\n';
      return static_cast<std::size_t>(out - data);
    });
    if (block_.size() >= k_block_bytes) flush_block();
  }
  return static_cast<std::size_t>(at - rows.data());
}

void SpooledTable::flush_block() {
  out_.write(block_.data(), static_cast<std::streamsize>(block_.size()));
  block_.clear();
}

void SpooledTable::finish() {
  print_head(out_, headers_, widths_);
  if (!file_) {
    print_rows(kept_);
    flush_block();
    kept_.clear();
    return;
  }
  spill();
  std::rewind(file_);
  // Each read lands behind what is left of the one before (a row cut at
  // its end), in one buffer.
  std::string buffer;
  std::size_t held = 0;
  for (;;) {
    if (buffer.size() < held + k_kept_bytes) buffer.resize(held + k_kept_bytes);
    const std::size_t n = std::fread(buffer.data() + held, 1, k_kept_bytes, file_);
    if (n == 0) break;
    held += n;
    const std::size_t printed = print_rows(std::string_view(buffer.data(), held));
    std::memmove(buffer.data(), buffer.data() + printed, held - printed);
    held -= printed;
  }
  flush_block();
  if (std::ferror(file_)) {
    throw Failure(Exit::io, "table: cannot read the rows back from the temporary file; use --format csv");
  }
}

void append_csv_row(std::string& out, const std::vector<std::string>& cells) {
  std::string scratch;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_csv_cell(out, shown(cells[i], scratch));
  }
  out += "\r\n";
}

void print_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
  std::string line;
  append_csv_row(line, cells);
  out << line;
}

void print_csv(std::ostream& out, const Table& table) {
  print_csv_row(out, table.headers);
  for (const auto& row : table.rows) print_csv_row(out, row);
}

}  // namespace certbund::cli

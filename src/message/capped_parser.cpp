// Design: mimetic's IteratorParser reads a header block (loadHeader) and
// a body up to the next boundary (copy_until_boundary), and nests by
// calling doLoad() recursively for each child. This subclass keeps the
// first two and replaces only the recursion with an explicit stack; its
// copy_until_boundary is mimetic's own random-access version (what
// MimeEntity(string::iterator, ...) used before), minus one read before the
// block that mimetic does when a block is one byte long.

#include "capped_parser.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace certbund {

namespace {

using It = const char*;
using Base = mimetic::IteratorParser<It, std::bidirectional_iterator_tag>;

class CappedParser : public Base {
 public:
  CappedParser(mimetic::MimeEntity& root, const MimeLimits& caps) : Base(root), caps_(caps) {}

  Cuts run_capped(It begin, It end) {
    m_bit = begin;
    m_eit = end;
    while (load_entity()) {}
    return cuts_;
  }

 private:
  enum class Frame { message, multipart };

  // doLoad() of the entity on top of m_entityStack, and then of its
  // parents as far as they finish with it: true when a child was pushed
  // and is to be loaded next, false when the top entity is done.
  bool load_entity() {
    ++entities_;
    if (header_too_long()) {
      cuts_.header = true;
      // Neither header nor body is read; the type keeps it out of the parts.
      m_entityStack.top()->header().contentType(mimetic::ContentType("application", "x-certbund-left-out"));
      copy_until_boundary(peIgnore);
      return unwind();
    }
    loadHeader();
    auto type = getType();
    bool container = type != etRfc822;
    if (container && m_entityStack.size() > static_cast<std::size_t>(caps_.depth)) {
      cuts_.depth = true;
      copy_until_boundary(peIgnore);  // as mimetic's imChildParts does
      return unwind();
    }
    if (type == etRfc822) {
      copy_until_boundary(peBody);
      return unwind();
    }
    if (type == etMsgRfc822) {
      if (!room_for_one_more()) return unwind();
      frames_.push_back(Frame::message);
      pushNewChild();
      return true;
    }
    m_boundaryList.push_front(getBoundary());
    copy_until_boundary(pePreamble);
    frames_.push_back(Frame::multipart);
    if (next_part()) return true;
    frames_.pop_back();
    return unwind();
  }

  // The entity on top of m_entityStack is done: goes back to its parents
  // as the recursive calls would return. True when a multipart pushed its
  // next child, false when the top entity is done.
  bool unwind() {
    while (!frames_.empty()) {
      popChild();
      if (frames_.back() == Frame::multipart && next_part()) return true;
      frames_.pop_back();
    }
    return false;
  }

  // One turn of mimetic's loadMultipart() loop for the multipart on top:
  // true when it pushed a child, false when it is done.
  bool next_part() {
    if (m_bit == m_eit) return false;
    switch (m_lastBoundary) {
      case Boundary:
        if (!room_for_one_more()) return false;
        pushNewChild();
        return true;
      case ClosingBoundary:
        m_boundaryList.erase(m_boundaryList.begin());
        copy_until_boundary(peEpilogue);
        return false;
      case HigherLevelBoundary: m_boundaryList.erase(m_boundaryList.begin()); return false;
      default:  // NoBoundary: the end
        return false;
    }
  }

  // False when the parts cap is reached: the rest of the input is not read.
  bool room_for_one_more() {
    if (entities_ < caps_.parts) return true;
    cuts_.parts = true;
    m_bit = m_eit;
    return false;
  }

  // Whether the header block at m_bit (up to its empty line) is longer
  // than the cap: mimetic's loadHeader is slow on very long fields.
  bool header_too_long() const {
    std::string_view rest(m_bit, static_cast<std::size_t>(m_eit - m_bit));
    std::size_t limit = std::min(rest.size(), caps_.header_bytes + 1);
    std::string_view head = rest.substr(0, limit);
    if (head.starts_with('\n') || head.starts_with("\r\n")) return false;
    return head.find("\n\n") == std::string_view::npos && head.find("\n\r\n") == std::string_view::npos &&
           rest.size() > caps_.header_bytes;
  }

  // mimetic's random-access copy_until_boundary: only the innermost
  // boundary is searched for, anywhere (not only at a line start).
  void copy_until_boundary(mimetic::ParsingElem pe) override {
    if (m_boundaryList.empty()) {
      block(m_bit, static_cast<std::size_t>(m_eit - m_bit), pe);
      m_bit = m_eit;
      return;
    }
    m_lastBoundary = NoBoundary;
    const std::string& boundary = m_boundaryList.front();
    It found = std::search(m_bit, m_eit, std::boyer_moore_searcher(boundary.begin(), boundary.end()));
    if (found == m_eit) {
      block(m_bit, static_cast<std::size_t>(m_eit - m_bit), pe);
      m_bit = m_eit;
      return;
    }
    It start = m_bit;
    std::size_t size = static_cast<std::size_t>(found - start);
    m_lastBoundary = Boundary;
    m_bit = found + boundary.size();
    if (m_eit - m_bit >= 2 && m_bit[0] == '-' && m_bit[1] == '-') {
      m_lastBoundary = ClosingBoundary;
      m_bit += 2;
    }
    if (m_eit - m_bit >= 2 && isnl(*m_bit)) {
      char c = *m_bit++;
      if (isnl(*m_bit) && *m_bit != c) ++m_bit;
    }
    // The line break before the boundary belongs to the boundary.
    if (size >= 2 && isnl(start[size - 1], start[size - 2])) {
      size -= 2;
    } else if (size >= 1 && isnl(start[size - 1])) {
      size -= 1;
    }
    block(start, size, pe);
  }

  void block(It start, std::size_t size, mimetic::ParsingElem pe) {
    if (pe == peIgnore || size == 0) return;
    mimetic::MimeEntity* e = m_entityStack.top();
    std::string& target = pe == pePreamble   ? e->body().preamble()
                          : pe == peEpilogue ? e->body().epilogue()
                                             : static_cast<std::string&>(e->body());
    target.append(start, size);
  }

  MimeLimits caps_;
  Cuts cuts_;
  int entities_ = 0;
  std::vector<Frame> frames_;  // containers whose body is being read, outermost first
};

}  // namespace

Cuts parse_capped(std::string_view raw, mimetic::MimeEntity& root, const MimeLimits& caps) {
  MimeLimits at_least_one = caps;
  at_least_one.depth = std::max(caps.depth, 1);
  at_least_one.parts = std::max(caps.parts, 1);
  CappedParser parser(root, at_least_one);
  return parser.run_capped(raw.data(), raw.data() + raw.size());
}

}  // namespace certbund

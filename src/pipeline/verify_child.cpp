#include "verify_child.hpp"

#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace certbund {

namespace {

// The socket's frames: numbers as 8 bytes in this machine's order (both
// ends are this binary), strings as their length and their bytes.
class Out {
 public:
  explicit Out(int fd) : fd_(fd) {}
  void num(std::uint64_t v) { buffer_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(std::string_view s) {
    num(s.size());
    if (s.size() < k_direct) {
      buffer_.append(s);
    } else {  // a large mail or report goes without a copy
      ok_ = ok_ && flush() && send_all(s);
    }
  }
  // Sends what is buffered; false when the other end is gone.
  bool flush() {
    ok_ = ok_ && send_all(buffer_);
    buffer_.clear();
    return ok_;
  }

 private:
  static constexpr std::size_t k_direct = 64 << 10;
  bool send_all(std::string_view s) {
    while (!s.empty()) {
      ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      s.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  int fd_;
  bool ok_ = true;
  std::string buffer_;
};

class In {
 public:
  explicit In(int fd) : fd_(fd) {}
  bool num(std::uint64_t& v) { return take(reinterpret_cast<char*>(&v), sizeof v); }
  bool str(std::string& s) {
    std::uint64_t size = 0;
    if (!num(size)) return false;
    s.resize(size);
    return take(s.data(), s.size());
  }

 private:
  // Copies `size` bytes out of the buffer, reading more as needed; a
  // large string is read straight into place.
  bool take(char* to, std::size_t size) {
    std::size_t from_buffer = std::min(size, end_ - begin_);
    std::memcpy(to, buffer_ + begin_, from_buffer);
    begin_ += from_buffer;
    to += from_buffer;
    size -= from_buffer;
    if (size >= sizeof buffer_) return read_all(to, size);
    while (size > 0) {
      ssize_t n = ::read(fd_, buffer_, sizeof buffer_);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
      std::size_t now = std::min(size, end_);
      std::memcpy(to, buffer_, now);
      begin_ = now;
      to += now;
      size -= now;
    }
    return true;
  }
  bool read_all(char* to, std::size_t size) {
    while (size > 0) {
      ssize_t n = ::read(fd_, to, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      to += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }
  int fd_;
  char buffer_[16 << 10];
  std::size_t begin_ = 0, end_ = 0;
};

void put(Out& out, const std::vector<std::string>& list) {
  out.num(list.size());
  for (const std::string& s : list) out.str(s);
}

bool get(In& in, std::vector<std::string>& list) {
  std::uint64_t n = 0;
  if (!in.num(n)) return false;
  list.resize(n);
  for (std::string& s : list) {
    if (!in.str(s)) return false;
  }
  return true;
}

void put(Out& out, const Verification& v) {
  out.num(static_cast<std::uint64_t>(v.verdict));
  out.num(static_cast<std::uint64_t>(v.kind));
  for (const std::string* s : {&v.signer, &v.detail, &v.signed_id}) out.str(*s);
  const Message& m = v.content;
  for (const std::string* s : {&m.subject, &m.from, &m.message_id, &m.date, &m.content_type}) out.str(*s);
  out.num(m.parts.size());
  for (const Part& p : m.parts) {
    out.str(p.content_type);
    out.str(p.filename);
    out.str(p.text);
  }
  put(out, m.problems);
}

bool get(In& in, Verification& v) {
  std::uint64_t verdict = 0, kind = 0, parts = 0;
  if (!in.num(verdict) || !in.num(kind)) return false;
  v.verdict = static_cast<Verdict>(verdict);
  v.kind = static_cast<SignatureKind>(kind);
  for (std::string* s : {&v.signer, &v.detail, &v.signed_id}) {
    if (!in.str(*s)) return false;
  }
  Message& m = v.content;
  for (std::string* s : {&m.subject, &m.from, &m.message_id, &m.date, &m.content_type}) {
    if (!in.str(*s)) return false;
  }
  if (!in.num(parts)) return false;
  m.parts.resize(parts);
  for (Part& p : m.parts) {
    if (!in.str(p.content_type) || !in.str(p.filename) || !in.str(p.text)) return false;
  }
  return get(in, m.problems);
}

// Reply tags.
constexpr std::uint64_t k_verified = 0, k_failed = 1;

void put_failure(Out& out, Exit exit, const char* what) {
  out.num(k_failed);
  out.num(static_cast<std::uint64_t>(exit));
  out.str(what);
}

// The child: verifies each mail the socket brings until its end. Signals
// meant for the run (Ctrl-C, a kill of the process group) are the parent's
// to act on: it stops between two mails and then ends this one.
[[noreturn]] void serve(int fd, const std::function<std::unique_ptr<Verifier>()>& make) {
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGTERM, SIG_IGN);
  std::unique_ptr<Verifier> verifier;
  std::optional<Failure> broken;
  try {
    verifier = make();
  } catch (const Failure& e) {
    broken = e;
  } catch (const std::exception& e) {
    broken = Failure(Exit::temp_fail, e.what());
  }
  In in(fd);
  for (std::string raw; in.str(raw);) {
    Out out(fd);
    try {
      if (broken) throw *broken;
      Verification v = verifier->verify(raw);
      std::string().swap(raw);
      out.num(k_verified);
      put(out, v);
    } catch (const Failure& e) {
      put_failure(out, e.exit(), e.what());
    } catch (const std::exception& e) {
      put_failure(out, Exit::temp_fail, e.what());
    }
    if (!out.flush()) break;
  }
  ::_exit(0);  // nothing of the parent's (its database, its buffers) is closed or flushed here
}

Failure gone() { return Failure(Exit::temp_fail, "verifier process ended unexpectedly"); }

}  // namespace

VerifyChild::VerifyChild(const std::function<std::unique_ptr<Verifier>()>& make, const std::vector<int>& siblings) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw Failure(Exit::temp_fail, std::string("verifier process: socketpair: ") + std::strerror(errno));
  }
  pid_ = ::fork();
  if (pid_ < 0) {
    int error = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw Failure(Exit::temp_fail, std::string("verifier process: fork: ") + std::strerror(error));
  }
  if (pid_ == 0) {
    ::close(fds[0]);
    for (int fd : siblings) ::close(fd);
    serve(fds[1], make);
  }
  ::close(fds[1]);
  fd_ = fds[0];
}

VerifyChild::~VerifyChild() {
  ::close(fd_);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {}
}

Verification VerifyChild::verify(const std::string& raw) {
  Out out(fd_);
  out.str(raw);
  if (!out.flush()) throw gone();
  In in(fd_);
  std::uint64_t tag = 0;
  if (!in.num(tag)) throw gone();
  if (tag == k_failed) {
    std::uint64_t exit = 0;
    std::string what;
    if (!in.num(exit) || !in.str(what)) throw gone();
    throw Failure(static_cast<Exit>(exit), what);
  }
  Verification v;
  if (tag != k_verified || !get(in, v)) throw gone();
  return v;
}

}  // namespace certbund

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "certbund/util.hpp"

namespace certbund {

namespace {

// flock(2) on a new descriptor of `path`: the descriptor, -1 when `wait`
// is false and someone else holds the lock, or an Error.
Result<int> lock_file(const std::string& path, FileLock::Mode mode, bool wait) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(Error{path + ": " + std::strerror(errno), Exit::io});
  const int operation = (mode == FileLock::Mode::shared ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB);
  while (::flock(fd, operation) != 0) {
    const int error = errno;
    if (error == EINTR) continue;
    ::close(fd);
    if (error == EWOULDBLOCK) return -1;
    return std::unexpected(Error{path + ": cannot lock: " + std::strerror(error), Exit::io});
  }
  return fd;
}

}  // namespace

Result<std::optional<FileLock>> FileLock::try_lock(const std::string& path, Mode mode) {
  auto fd = lock_file(path, mode, false);
  if (!fd) return std::unexpected(fd.error());
  if (*fd < 0) return std::optional<FileLock>{};
  return std::optional<FileLock>{FileLock(*fd)};
}

Result<FileLock> FileLock::wait_for(const std::string& path, Mode mode) {
  auto fd = lock_file(path, mode, true);
  if (!fd) return std::unexpected(fd.error());
  return FileLock(*fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

// Closing the only descriptor of the open file releases the flock.
FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace certbund

#pragma once
// A verifier in a process of its own, for VerifyPool. Private to the
// pipeline stage.
//
// Why a process: GPGME forks (twice) for every gpg it runs. Forked from the
// process that stores the mails, each fork copies its page tables and
// makes every page it then writes fault once (copy on write) and flushes
// the TLB of every core it runs on: perf showed that as a quarter of the
// storing thread's time. Forked from a small process that only verifies,
// the storing process is left alone.

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "certbund/signature.hpp"

namespace certbund {

class VerifyChild {
 public:
  // Forks a process that makes its Verifier with `make` and then verifies
  // what verify() sends it, one mail at a time, until this object goes.
  // Call it while the process has no other thread: the child runs on the
  // forking thread alone, and a lock another thread held would stay held.
  // `siblings`: the sockets of the children forked before it, closed in
  // the new one (a child holding a sibling's socket would keep that
  // sibling from seeing its end). Throws Failure(Exit::temp_fail) when no
  // process can be made.
  VerifyChild(const std::function<std::unique_ptr<Verifier>()>& make, const std::vector<int>& siblings);
  ~VerifyChild();  // closes the socket (the child ends at its end) and reaps the child
  VerifyChild(const VerifyChild&) = delete;
  VerifyChild& operator=(const VerifyChild&) = delete;

  // Verifier::verify(raw) in the child. Rethrows what it threw as Failure
  // (with its exit code); Failure(Exit::temp_fail) when the child is gone.
  Verification verify(const std::string& raw);

  // This side's socket.
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
};

}  // namespace certbund

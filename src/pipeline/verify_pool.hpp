#pragma once
// Verifies mails on worker threads ahead of the one thread that stores
// them. Private to the pipeline stage.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "certbund/signature.hpp"
#include "verify_child.hpp"

namespace certbund {

// N worker threads, each with a Verifier of its own (one GPGME context
// each: GPGME contexts must not be shared) in a process of its own
// (VerifyChild: GPGME's forks then leave this process alone), verifying
// the mails submitted in any order; take() hands the results back one by
// one. Verification has no side effect on the store, so verifying ahead of
// storing changes nothing of what is stored, or when.
class VerifyPool {
 public:
  // `workers` threads (at least one), each verifying with a Verifier made
  // by `make` in its child process (on the thread itself when no process
  // can be made). Make it while this process runs no other thread.
  VerifyPool(const std::function<std::unique_ptr<Verifier>()>& make, std::size_t workers);
  ~VerifyPool();  // lets the running verifications end, drops the others
  VerifyPool(const VerifyPool&) = delete;
  VerifyPool& operator=(const VerifyPool&) = delete;

  // Queues `raw` for verification; returns its ticket for take().
  std::size_t submit(std::shared_ptr<const std::string> raw);
  // Waits for the verification of `ticket` (each ticket taken once), or
  // rethrows what verifying it threw (Failure for a broken GnuPG set-up).
  Verification take(std::size_t ticket);

  // Worker threads for this machine: one per core, at least two (each
  // verification waits on a gpg process much of its time).
  static std::size_t default_workers();

 private:
  struct Job {
    std::size_t ticket;
    std::shared_ptr<const std::string> raw;
  };
  struct Done {
    Verification verification;
    std::exception_ptr error;
  };
  // Verifies the jobs with `child`, or with a Verifier made by `make` on
  // this thread when there is none.
  void work(const std::function<std::unique_ptr<Verifier>()>& make, VerifyChild* child);

  std::mutex mutex_;
  std::condition_variable wake_;  // a job queued, a result ready, or stopping
  std::deque<Job> jobs_;
  std::map<std::size_t, Done> done_;
  std::size_t next_ticket_ = 0;
  bool stopping_ = false;
  std::vector<std::unique_ptr<VerifyChild>> children_;  // one per thread; gone after the threads
  std::vector<std::thread> threads_;
};

}  // namespace certbund

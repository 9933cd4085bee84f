#include "verify_pool.hpp"

#include <algorithm>

namespace certbund {

VerifyPool::VerifyPool(const std::function<std::unique_ptr<Verifier>()>& make, std::size_t workers) {
  const std::size_t n = std::max<std::size_t>(workers, 1);
  // Every child first, while this process has one thread.
  std::vector<int> sockets;
  for (std::size_t i = 0; i < n; ++i) {
    try {
      children_.push_back(std::make_unique<VerifyChild>(make, sockets));
      sockets.push_back(children_.back()->fd());
    } catch (const Failure&) {
      children_.push_back(nullptr);  // verified on its thread instead
    }
  }
  threads_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    threads_.emplace_back([this, make, child = children_[i].get()] { work(make, child); });
  }
}

VerifyPool::~VerifyPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

std::size_t VerifyPool::default_workers() { return std::max<std::size_t>(2, std::thread::hardware_concurrency()); }

std::size_t VerifyPool::submit(std::shared_ptr<const std::string> raw) {
  std::size_t ticket = 0;
  {
    std::lock_guard lock(mutex_);
    ticket = next_ticket_++;
    jobs_.push_back({ticket, std::move(raw)});
  }
  wake_.notify_all();
  return ticket;
}

Verification VerifyPool::take(std::size_t ticket) {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [&] { return done_.contains(ticket); });
  Done done = std::move(done_.at(ticket));
  done_.erase(ticket);
  if (done.error) std::rethrow_exception(done.error);
  return std::move(done.verification);
}

// A Verifier that cannot be made (no gpg, a broken keyring) fails each
// job with its error: the writer meets it at the mail it was taking.
void VerifyPool::work(const std::function<std::unique_ptr<Verifier>()>& make, VerifyChild* child) {
  std::unique_ptr<Verifier> verifier;
  std::exception_ptr broken;
  try {
    if (!child) verifier = make();
  } catch (...) {
    broken = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    Done done;
    if (broken) {
      done.error = broken;
    } else {
      try {
        done.verification = child ? child->verify(*job.raw) : verifier->verify(*job.raw);
      } catch (...) {
        done.error = std::current_exception();
      }
    }
    job.raw.reset();
    lock.lock();
    done_.emplace(job.ticket, std::move(done));
    wake_.notify_all();
  }
}

}  // namespace certbund

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "certbund/pipeline.hpp"

using namespace certbund;

namespace {

// The pid of a child that has exited and been reaped: no such process.
pid_t dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

std::string host_of(const std::string& claimer) { return claimer.substr(0, claimer.rfind(':')); }

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("claims: this process's claimer is host:pid") {
    const std::string me = this_claimer();
    CHECK(me.ends_with(":" + std::to_string(getpid())));
    CHECK_FALSE(host_of(me).empty());
  }
  TEST_CASE("claims: a claim on this host is gone when its process is, whatever its age") {
    const std::string host = host_of(this_claimer());
    CHECK_FALSE(claimer_gone({1, this_claimer(), 0}, 100000));
    CHECK_FALSE(claimer_gone({1, host + ":" + std::to_string(getppid()), 0}, 100000));
    CHECK(claimer_gone({1, host + ":" + std::to_string(dead_pid()), 100000}, 100000));
  }
  TEST_CASE("claims: a claim from another host is gone after an hour; one that names nobody at once") {
    CHECK_FALSE(claimer_gone({1, "elsewhere.example:42", 1000}, 1000 + 3600));
    CHECK(claimer_gone({1, "elsewhere.example:42", 1000}, 1000 + 3601));
    CHECK(claimer_gone({1, "", 1000}, 1000));
    CHECK(claimer_gone({1, host_of(this_claimer()) + ":x", 1000}, 1000));
  }
}

// Fixtures for the smtp tests (no test cases here): see test_smtp_sink.hpp.

#include "smtp_sink.hpp"

#include "certbund/util.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace certbund::test {

std::string read_file(const std::string& path) { return read_whole_file(path).value_or(""); }

namespace {

pid_t spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<char*> argv;
  for (const auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + args[0]);
  }
  return pid;
}

// The port the sink wrote, or 0 when it has not yet written one.
int read_port(const std::string& path) {
  std::string text = read_file(path);
  return text.empty() ? 0 : std::atoi(text.c_str());
}

std::string numbered(const std::string& dir, int n, const char* extension) {
  char name[32];
  std::snprintf(name, sizeof name, "/%04d.%s", n, extension);
  return dir + name;
}

}  // namespace

SmtpSink::SmtpSink(const std::string& dir, const std::vector<std::string>& options) : dir_(dir) {
  std::filesystem::create_directories(dir);
  const std::string port_file = dir + "/sink.port";
  std::vector<std::string> args = {"/usr/bin/python3",
                                   CERTBUND_SOURCE_DIR "/tests/tools/smtp_sink.py",
                                   "--dir",
                                   dir,
                                   "--port-file",
                                   port_file,
                                   "--lifetime",
                                   "60"};
  args.insert(args.end(), options.begin(), options.end());
  pid_ = spawn(args, dir + "/sink.log");
  for (int i = 0; i < 500 && port_ == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    port_ = read_port(port_file);
  }
  if (port_ == 0) {
    stop();
    throw std::runtime_error("smtp_sink.py did not start: " + read_file(dir + "/sink.log"));
  }
}

SmtpSink::~SmtpSink() { stop(); }

void SmtpSink::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

std::string SmtpSink::url(const std::string& scheme) const { return scheme + "://127.0.0.1:" + std::to_string(port_); }

int SmtpSink::count() const {
  int n = 0;
  while (std::filesystem::exists(numbered(dir_, n + 1, "json"))) {
    ++n;
  }
  return n;
}

std::string SmtpSink::message(int n) const { return read_file(numbered(dir_, n, "eml")); }

std::string SmtpSink::record(int n) const { return read_file(numbered(dir_, n, "json")); }

void make_self_signed_cert(const std::string& dir) {
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
      " -addext subjectAltName=IP:127.0.0.1 -keyout " +
      dir + "/key.pem -out " + dir + "/cert.pem 2>/dev/null";
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("openssl could not make a certificate in " + dir);
  }
}

}  // namespace certbund::test

#pragma once
// Shared by the signature tests: the committed sample mails and a verifier
// keyring built by samples/make-keyring in a fresh temporary directory.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "certbund/signature.hpp"

namespace certbund::test {

inline std::string sample(const std::string& name) {
  std::ifstream in(std::string(CERTBUND_SOURCE_DIR) + "/samples/mails/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::map<std::string, std::string> fingerprints() {
  std::ifstream in(std::string(CERTBUND_SOURCE_DIR) + "/samples/keys/fingerprints.txt");
  std::map<std::string, std::string> roles;
  std::string role, protocol, fpr;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    if (line.starts_with("#") || !(fields >> role >> protocol >> fpr)) continue;
    roles[role] = fpr;
  }
  return roles;
}

// A keyring for the whole test binary, removed (agents stopped) at exit.
class Keyring {
 public:
  static const std::string& home() {
    static Keyring keyring;
    return keyring.home_;
  }
  ~Keyring() {
    std::system(("gpgconf --homedir " + home_ + " --kill all >/dev/null 2>&1").c_str());
    std::filesystem::remove_all(dir_);
  }

 private:
  Keyring() {
    char tmpl[] = "/tmp/cbsigXXXXXX";
    dir_ = mkdtemp(tmpl);
    home_ = dir_ + "/g";
    std::string cmd = std::string(CERTBUND_SOURCE_DIR) + "/samples/make-keyring " + home_;
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("make-keyring failed");
  }
  std::string dir_;
  std::string home_;
};

inline TrustConfig sample_trust() {
  auto fprs = fingerprints();
  return {Keyring::home(), {fprs["trusted"]}, {fprs["smime"]}};
}

// One verifier for all test cases, as the pipeline reuses one.
inline Verifier& verifier() {
  static Verifier v(sample_trust());
  return v;
}

inline bool contains(const Message& m, std::string_view needle) {
  for (const auto& p : m.parts) {
    if (p.text.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace certbund::test

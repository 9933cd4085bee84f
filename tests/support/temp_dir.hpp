#pragma once
// A fresh folder under /tmp for one test, removed at the end. Short paths:
// gpg-agent's socket lives inside a GNUPGHOME and has a length limit.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace certbund::test {

struct TempDir {
  std::filesystem::path path;

  TempDir() {
    char name[] = "/tmp/cbtXXXXXX";
    if (mkdtemp(name) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = name;
  }
  ~TempDir() {
    std::error_code ignored;  // a leftover scratch folder is no test failure
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `bytes` to `relative` inside the folder (parents made) and
  // returns the file's path.
  std::filesystem::path write(const std::filesystem::path& relative, std::string_view bytes) const {
    std::filesystem::path file = path / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }
};

}  // namespace certbund::test

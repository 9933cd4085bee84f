#pragma once
// The kinds of Source that open_source() picks from.

#include <filesystem>
#include <memory>
#include <string>

#include "certbund/source.hpp"

namespace certbund {

// Standard input as one message.
std::unique_ptr<Source> make_stdin_source();
// One file as one message.
std::unique_ptr<Source> make_file_source(const std::filesystem::path& path);
// An mbox (mboxrd or mboxo), read line by line.
std::unique_ptr<Source> make_mbox_source(const std::filesystem::path& path);
// A Maildir's new/ and cur/; an Error if either cannot be listed.
Result<std::unique_ptr<Source>> make_maildir_source(const std::filesystem::path& root);

// The whole file, or an Error with Exit::no_input saying why not.
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace certbund

#pragma once
// The kinds of Source that open_source() picks from.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

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

// True for an mbox From_ line: "From " SENDER DATE, the date in asctime()
// form ("From a@example.org Tue Jan 16 06:00:07 2024"), with the variants
// mail writers use (two spaces, no seconds, a zone name before the year,
// anything after the year). A CR at the end is ignored.
bool is_from_line(std::string_view line);

// The whole file, or an Error with Exit::no_input saying why not.
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace certbund

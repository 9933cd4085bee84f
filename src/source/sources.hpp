#pragma once
// The kinds of Source that open_source() picks from.

#include <cstdint>
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
// An mbox that tells where each message ends.
class MboxReader : public Source {
 public:
  // The byte offset just past the last message read: where the From_ line
  // of the next one starts, or the end of the file.
  virtual std::uint64_t end_of_last() const = 0;
};
// An mbox read from byte `offset` (where a From_ line starts, or the end),
// its messages numbered from `skipped` + 1.
std::unique_ptr<MboxReader> make_mbox_reader(const std::filesystem::path& path, std::uint64_t offset = 0,
                                             std::uint64_t skipped = 0);
// An mbox read after the prefix `mark` describes, when the file still
// starts with it (see open_new_mail); its mark() covers what is processed.
std::unique_ptr<Source> make_mbox_tail(const std::filesystem::path& path, const std::optional<PrefixMark>& mark);

// Which mails of a Maildir to read.
enum class MaildirMails { all, unseen };
// A Maildir's new/ and cur/ (only the cur/ mails not flagged S when
// `which` is unseen); an Error if either cannot be listed.
Result<std::unique_ptr<Source>> make_maildir_source(const std::filesystem::path& root,
                                                    MaildirMails which = MaildirMails::all);
// True for a directory with new/ and cur/.
bool is_maildir(const std::filesystem::path& dir);
// True when `file` starts with "From "; an Error (Exit::no_input) when it
// cannot be read.
Result<bool> starts_like_mbox(const std::filesystem::path& file);

// True for an mbox From_ line: "From " SENDER DATE, the date in asctime()
// form ("From a@example.org Tue Jan 16 06:00:07 2024"), with the variants
// mail writers use (two spaces, no seconds, a zone name before the year,
// anything after the year). A CR at the end is ignored.
bool is_from_line(std::string_view line);

// The whole file, or an Error with Exit::no_input saying why not.
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace certbund

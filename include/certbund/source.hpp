#pragma once
// source: yields raw messages one at a time from a single file, standard
// input, an mbox (streamed, mboxrd ">From " unquoting) or a Maildir
// (new/ and cur/, never tmp/).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "certbund/util.hpp"

namespace certbund {

struct RawMessage {
  std::string bytes;                   // the message as stored, mbox quoting undone
  std::string origin;                  // where it came from, for logs: "mails.mbox:3" (3rd message), a path, "-"
  std::filesystem::path maildir_file;  // set for Maildir messages: the file to mark as processed
};

class Source {
 public:
  virtual ~Source() = default;
  // The next message, without envelope lines before its headers (see
  // without_envelope_lines), whatever the kind of source; std::nullopt at
  // the end. An unreadable input is an Error with Exit::no_input or Exit::io.
  Result<std::optional<RawMessage>> next();
  // Called once `message` is stored durably, with its origin and
  // maildir_file but without its bytes (dropped once verified: the stored
  // copy counts). A Maildir moves the file from new/ to cur/ with the S
  // flag; other sources do nothing.
  virtual void processed(const RawMessage& message) { (void)message; }
  // True when processed() lets a message go at its source (a Maildir
  // rename, an IMAP \Seen): each message then gets a synced commit of its
  // own before it is let go. False for a source that is only read (an
  // mbox: its file keeps every message), whose messages read ahead may be
  // stored in one synced commit.
  virtual bool lets_go() const { return true; }
  // For a source that can take up where it stopped (an mbox opened by
  // open_new_mail): the mark of what is processed so far, to keep for the
  // next open_new_mail; nullopt for the others, or when the file cannot be
  // read to make it (the next run then reads the whole file again).
  virtual std::optional<PrefixMark> mark() { return std::nullopt; }

 private:
  // The next message as the kind of source holds it.
  virtual Result<std::optional<RawMessage>> read() = 0;
};

// `bytes` without the envelope lines before the headers: "From SENDER DATE"
// or ">From ..." (any number of '>'), as procmail, an MTA pipe or a mail
// client's "save as" write them. Such a line is never a header field (the
// header is "From:", RFC 5322 §3.6.2), so nothing of the message is lost;
// "From : x", the obsolete spelling of the header, stays.
std::string without_envelope_lines(std::string bytes);

// Detects the kind from `path`: "-" is standard input, a directory with
// new/ and cur/ is a Maildir, a file whose first line starts with "From "
// is an mbox, anything else is a single message. A missing or unreadable
// path, or a directory that is not a Maildir, is an Error with
// Exit::no_input ("PATH: no such file or directory").
Result<std::unique_ptr<Source>> open_source(const std::string& path);

// What is new in mailbox `path`, for poll. A Maildir yields new/ and the
// mails in cur/ not flagged S (those are done). An mbox skips the prefix
// `mark` describes when the file still starts with those very bytes
// followed by a From_ line or its end, and is read from the start when it
// was rewritten (shorter, or other bytes); its messages are numbered on
// from the mark's count. Anything else is read as open_source reads it.
// Errors as open_source.
Result<std::unique_ptr<Source>> open_new_mail(const std::string& path, const std::optional<PrefixMark>& mark);

// The UNSEEN messages of one IMAP mailbox, `url` like
// "imaps://abuse@mail.example.net/INBOX" (imap:// or imaps://). The user is
// `username`, or the URL's when that is empty. Fetching leaves a message
// unseen; processed() marks it \Seen. Each message's origin is the URL
// with ";UID=n", never a password. A bad URL is an Error with Exit::config;
// an unreachable server or a denied login one with Exit::temp_fail, one
// line naming the URL.
// `tls` says how the server's certificate is checked (imaps://, and
// STARTTLS on imap:// when the server offers it), as for SMTP.
struct ImapTls {
  std::string ca_file;      // trust this CA (a self-signed server); empty: the system's
  bool verify_peer = true;  // false: accept any certificate and name
};
Result<std::unique_ptr<Source>> open_imap_source(const std::string& url, const std::string& username,
                                                 const std::string& password, const ImapTls& tls = {});

}  // namespace certbund

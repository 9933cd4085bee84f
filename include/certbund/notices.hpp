#pragma once
// notices: one mail per customer per report, from mustache templates
// (plain text, no HTML escaping), German first then English, or one
// language; per-service advice, a generic notice with CERT-Bund's own text
// for the rest. RFC 5322 + MIME, UTF-8 quoted-printable, optionally
// PGP/MIME-signed with the desk's key.

#include <filesystem>
#include <string>
#include <vector>

#include "certbund/owners.hpp"
#include "certbund/report.hpp"
#include "certbund/util.hpp"

namespace certbund {

struct NoticeConfig {
  std::filesystem::path templates_dir;  // holds the templates; an operator may point it elsewhere
  std::string from;                     // "abuse@example.net" or "Abuse Desk <abuse@example.net>"
  std::string sign_key;                 // fingerprint of the desk's signing key; empty: unsigned
  std::string gnupg_home;               // keyring holding sign_key's secret key
};

struct Notice {
  std::string message_id;          // "<...@example.net>"
  std::string subject;             // decoded, UTF-8
  std::string from;                // envelope sender, bare address
  std::vector<std::string> to;     // bare addresses
  std::string bytes;               // the whole message, CRLF line ends
};

class NoticeRenderer {
 public:
  // Throws Failure(Exit::config) when a template is missing or invalid.
  explicit NoticeRenderer(NoticeConfig config);
  // The notice for `customer` listing only `rows` (the customer's rows of
  // `report`).
  Notice render(const Report& report, const Customer& customer,
                const std::vector<Row>& rows, UnixTime now) const;

 private:
  NoticeConfig config_;
};

// Header-safe text: CR, LF and other control characters become spaces.
std::string neutralise_header(std::string_view s);

}  // namespace certbund

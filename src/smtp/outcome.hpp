#pragma once
// How one libcurl SMTP transfer ended, and what that means for the notice.

#include <curl/curl.h>

#include <string>
#include <vector>

#include "certbund/smtp.hpp"

namespace certbund {

struct Transfer {
  CURLcode rc = CURLE_OK;
  long code = 0;                     // CURLINFO_RESPONSE_CODE: the last reply's code
  std::vector<std::string> replies;  // the server's reply lines, without CRLF
  std::string error;                 // curl's error buffer, may be empty
};

SendResult classify(const Transfer& t);

}  // namespace certbund

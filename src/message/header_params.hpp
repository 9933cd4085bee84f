#pragma once
// Structured MIME header values ("text/plain; charset=utf-8"), parsed here
// because mimetic knows nothing of RFC 2231. Limit: mimetic hands out
// Content-Type and Content-Disposition re-serialised from its own parse,
// which already cut a quoted value at a ';' inside it (name="a;b.csv").

#include <map>
#include <string>
#include <string_view>

namespace certbund {

struct HeaderValue {
  std::string value;                          // lowercase, before the first ';'
  std::map<std::string, std::string> params;  // lowercase names; values decoded to UTF-8
  // The parameter's value, or "" if absent.
  std::string param(const std::string& name) const;
};

// Parses `raw` (an unfolded header value). RFC 2231 continuations
// (name*0*=, name*1=) are joined and their charset decoded; a plain value
// holding RFC 2047 words (as some mailers send) is decoded too; an RFC 2231
// value wins over a plain one of the same name.
HeaderValue parse_header_value(std::string_view raw);

}  // namespace certbund

#pragma once
// Raw MIME access for the signature stage. Signatures cover exact bytes,
// so this works on the undecoded message: mimetic re-serialises parts and
// changes them (docs/ARCHITECTURE.md, "signature").

#include <string>
#include <string_view>
#include <vector>

namespace certbund::mime {

struct Entity {
  std::string_view headers;  // the header block, without the empty line
  std::string_view body;     // everything after the empty line
};

// Splits at the first empty line (LF or CRLF). No empty line: all headers.
Entity split_entity(std::string_view raw);

// The unfolded value of the first field `name` (case-insensitive), "" if absent.
std::string header_field(std::string_view headers, std::string_view name);

// Lowercase "type/subtype" of a Content-Type value ("text/plain" when empty).
std::string media_type(std::string_view content_type);

// A parameter of a structured header value (`boundary`, `protocol`,
// `charset`), unquoted; "" if absent.
std::string header_param(std::string_view value, std::string_view name);

// The parts of a multipart body: the exact bytes between delimiter lines,
// without the line break that belongs to the next delimiter. Delimiter
// lines may carry trailing whitespace (RFC 2046). Parts after the close
// delimiter or before the first delimiter are not parts.
std::vector<std::string_view> multipart_parts(std::string_view body, std::string_view boundary);

}  // namespace certbund::mime

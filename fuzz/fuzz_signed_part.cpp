// The signed-part extraction: which bytes a signature covers (PGP/MIME,
// S/MIME, a cleartext block in any part) and the content read from them,
// without GnuPG (unverified_content takes the verifier's path up to gpgme).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certbund/signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  certbund::unverified_content(raw);
  return 0;
}

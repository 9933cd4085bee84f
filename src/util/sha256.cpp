#include "certbund/util.hpp"

#include <openssl/evp.h>

namespace certbund {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return hex_lower(std::string_view(reinterpret_cast<const char*>(digest), len));
}

}  // namespace certbund

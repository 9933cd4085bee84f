#pragma once
// Owning handles for GPGME's C objects.

#include <gpgme.h>

#include <memory>
#include <string>
#include <string_view>

namespace certbund::sig {

struct ContextDeleter {
  void operator()(gpgme_ctx_t ctx) const { gpgme_release(ctx); }
};
struct DataDeleter {
  void operator()(gpgme_data_t data) const { gpgme_data_release(data); }
};
struct KeyDeleter {
  void operator()(gpgme_key_t key) const { gpgme_key_unref(key); }
};
using Context = std::unique_ptr<gpgme_context, ContextDeleter>;
using Data = std::unique_ptr<gpgme_data, DataDeleter>;
using Key = std::unique_ptr<_gpgme_key, KeyDeleter>;

// A context for `protocol` on the keyring in `home` ("" = GnuPG's default),
// offline. Throws Failure(Exit::config) when the engine is missing.
Context make_context(gpgme_protocol_t protocol, const std::string& home);

// Read-only data over `bytes` (not copied: keep them alive).
Data data_over(std::string_view bytes);
Data empty_data();
// Everything written into `data`.
std::string data_contents(gpgme_data_t data);

}  // namespace certbund::sig

#include "gpgme_handles.hpp"

#include "certbund/util.hpp"

namespace certbund::sig {

namespace {

[[noreturn]] void fail(std::string_view what, gpgme_error_t err) {
  throw Failure(Exit::config, std::string("gpgme: ").append(what).append(": ").append(gpgme_strerror(err)));
}

void check(std::string_view what, gpgme_error_t err) {
  if (err != 0) fail(what, err);
}

}  // namespace

Context make_context(gpgme_protocol_t protocol, const std::string& home) {
  // Once, before any other GPGME call.
  [[maybe_unused]] static const char* version = gpgme_check_version(nullptr);
  std::string_view name = protocol == GPGME_PROTOCOL_CMS ? "gpgsm" : "gpg";
  check(name, gpgme_engine_check_version(protocol));
  gpgme_ctx_t raw = nullptr;
  check("new context", gpgme_new(&raw));
  Context ctx(raw);
  check("set protocol", gpgme_set_protocol(raw, protocol));
  check("set home", gpgme_ctx_set_engine_info(raw, protocol, nullptr, home.empty() ? nullptr : home.c_str()));
  gpgme_set_offline(raw, 1);  // no CRL, OCSP or key server look-ups
  return ctx;
}

Data data_over(std::string_view bytes) {
  gpgme_data_t raw = nullptr;
  check("data", gpgme_data_new_from_mem(&raw, bytes.data(), bytes.size(), 0));
  return Data(raw);
}

Data empty_data() {
  gpgme_data_t raw = nullptr;
  check("data", gpgme_data_new(&raw));
  return Data(raw);
}

std::string data_contents(gpgme_data_t data) {
  std::string out;
  gpgme_data_seek(data, 0, SEEK_SET);
  char buffer[4096];
  for (ssize_t n; (n = gpgme_data_read(data, buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<size_t>(n));
  return out;
}

}  // namespace certbund::sig

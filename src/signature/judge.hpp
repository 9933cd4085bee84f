#pragma once
// What a GPGME verify result means for us, before the trust list is asked.

#include <gpgme.h>

#include <optional>
#include <string>

#include "certbund/signature.hpp"

namespace certbund::sig {

struct SignatureFacts {
  gpgme_err_code_t op_error = GPG_ERR_NO_ERROR;  // of gpgme_op_verify itself
  int count = 0;                                 // signatures found
  gpgme_err_code_t status = GPG_ERR_NO_ERROR;    // of the first signature
  unsigned summary = 0;                          // GPGME_SIGSUM_* bits
  std::string fpr;                               // as reported: key id, subkey or primary
  unsigned long created = 0;                     // the first signature's creation time (hashed in it), UTC
};

SignatureFacts facts_of(gpgme_error_t op_error, gpgme_verify_result_t result);

struct Judgement {
  Verdict verdict = Verdict::bad_signature;  // meaningful only when !good
  std::string detail;
  bool good = false;  // cryptographically good: the trust list decides
};

Judgement judge(const SignatureFacts& f);

}  // namespace certbund::sig

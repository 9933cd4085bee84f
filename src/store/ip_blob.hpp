#pragma once
// Addresses as 16-byte BLOB parameters, which SQLite compares like memcmp.
// Private to the store stage.

#include <SQLiteCpp/Statement.h>

#include "certbund/owners.hpp"

namespace certbund {

inline void bind_ip(SQLite::Statement& q, int index, const IpAddress& ip) {
  q.bind(index, ip.bytes.data(), static_cast<int>(ip.bytes.size()));
}

}  // namespace certbund

#pragma once
// Schema migrations, embedded from schema/*.sql at build time
// (cmake/EmbedSchema.cmake). Private to the store stage.

#include <span>
#include <string_view>

namespace certbund {

class Store;

struct Migration {
  std::string_view name;  // "001_init"
  std::string_view sql;
};

// Every migration, in the order of their names.
std::span<const Migration> schema_migrations();

// Applies the migrations not yet in schema_migrations, each in its own
// transaction, with foreign keys off (the caller turns them on after)
// and checked before each commit: Failure(Exit::data) names the table
// that refers to a missing row. Reads only when nothing is pending.
void apply_migrations(Store& store);

// Whether a migration is not yet applied; reads only.
bool migrations_pending(Store& store);

}  // namespace certbund

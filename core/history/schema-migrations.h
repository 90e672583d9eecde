#pragma once

struct sqlite3;

namespace parley {

// The schema version this build writes (PRAGMA user_version).
int current_schema_version();

// Brings a database of any earlier version up to the current one, each step
// in its own transaction. Refuses a database from a newer Parley rather than
// guess at its meaning.
void migrate_schema(sqlite3* db);

}  // namespace parley

#pragma once

#include "license-store.h"

namespace parley::licensing {

// One SQLite file in WAL mode. Seat transactions take the write lock up
// front (BEGIN IMMEDIATE), so they are serialised across processes too, and
// wait in the busy handler rather than fail.
std::unique_ptr<LicenseStore> open_sqlite_license_store(const std::filesystem::path& file);

}  // namespace parley::licensing

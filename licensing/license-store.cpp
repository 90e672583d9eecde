#include "license-store.h"

#include "postgres-license-store.h"
#include "sqlite-license-store.h"

namespace parley::licensing {

std::unique_ptr<LicenseStore> open_license_store(const std::filesystem::path& data_dir, const std::string& store_url) {
    if (store_url.empty()) return open_sqlite_license_store(data_dir / "licenses.sqlite");
    if (store_url.starts_with("postgresql://") || store_url.starts_with("postgres://")) {
        return open_postgres_license_store(store_url);
    }
    throw StoreError("--store takes a postgresql:// URL (without it, the store is SQLite in the data folder)");
}

}  // namespace parley::licensing

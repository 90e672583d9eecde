#pragma once

#include "license-store.h"

namespace parley::licensing {

// PostgreSQL through libpq, for several instances behind a load balancer.
// A seat transaction locks the license row (SELECT … FOR UPDATE), so seat
// decisions on one license are serialised across every instance.
// `url` is a libpq connection URI: postgresql://user@host:port/db[?…].
std::unique_ptr<LicenseStore> open_postgres_license_store(const std::string& url);

}  // namespace parley::licensing

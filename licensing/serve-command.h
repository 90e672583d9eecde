#pragma once

#include "seat-decisions.h"

#include <filesystem>
#include <string>

namespace parley::licensing {

// Kept for the update endpoint, which signs artifact URLs (canned policy).
struct CloudFrontOptions {
    std::string base_url;
    std::string key_pair_id;
    std::filesystem::path private_key;
    std::string hash = "sha1";
    std::int64_t url_lifetime_s = 600;
};

struct ServeOptions {
    std::filesystem::path data_dir;
    std::string store_url;
    std::string listen = "127.0.0.1:8080";
    std::filesystem::path tls_cert;
    std::filesystem::path tls_key;
    CloudFrontOptions cloudfront;
    SeatPolicy policy;
    int per_address_per_minute = 600;
    int per_license_per_minute = 60;
    int threads = 128;
    std::filesystem::path access_log;  // empty: stderr
    std::string client_address_header;
};

// Serves until SIGTERM or SIGINT, then lets requests in progress finish and
// returns 0. The caller blocks both signals in every thread before calling.
int run_serve(const ServeOptions& options);

}  // namespace parley::licensing

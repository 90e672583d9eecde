#pragma once

#include "net/cancel-token.h"
#include "net/http-client.h"
#include "release-manifest.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

namespace parley {

// The download server refused the URL (CloudFront answers 403 to a bad or
// expired signature).
class DownloadRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Downloads a release artifact into `directory`: to NAME.partial first, never
// past the signed size, resuming after a dropped connection (HTTP Range),
// then checks the SHA-256 of the whole file and only then gives it its final
// name. Throws UpdateRefused for an oversized or mismatching file (it is
// deleted), DownloadRefused for an HTTP refusal, NetworkError when the
// network fails for good (a stall ends as a timeout).
std::filesystem::path download_artifact(const HttpClient& client, const std::string& url,
                                        const ReleaseArtifact& artifact, const std::filesystem::path& directory,
                                        CancelToken& cancel,
                                        const std::function<void(std::uint64_t done, std::uint64_t total)>& progress);

std::string sha256_file_hex(const std::filesystem::path& file);

}  // namespace parley

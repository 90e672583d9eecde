#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley {

// Amazon CloudFront signed URLs (RSA, canned and custom policies, SHA-1 or
// `Hash-Algorithm=SHA256`), byte-compatible with the official AWS signer
// (@aws-sdk/cloudfront-signer): same policy JSON, same parameter order, same
// URL-safe base64 (+ → -, = → _, / → ~).
//
// The license service signs the download URL it hands out; the updater checks
// that signature again before downloading, with public keys fixed at build
// time, so a URL from anywhere else is refused even if CloudFront would serve
// it. The signature proves only that the service authorised the download;
// the bytes are checked against the signed manifest.
enum class CloudFrontHash { sha1, sha256 };

struct CloudFrontSigning {
    std::string key_pair_id;
    std::string private_key_pem;
    CloudFrontHash hash = CloudFrontHash::sha1;
};

// A custom policy is used when `not_before` or `source_ip` is set (as the AWS
// signer does), a canned one otherwise.
struct CloudFrontGrant {
    std::string url;  // https://host/path[?query], already URL-safe
    std::int64_t expires = 0;
    std::optional<std::int64_t> not_before;
    std::optional<std::string> source_ip;  // a.b.c.d[/n]
};

class CloudFrontError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string cloudfront_sign_url(const CloudFrontGrant& grant, const CloudFrontSigning& signing);

struct CloudFrontPublicKey {
    std::string key_pair_id;
    std::string public_key_pem;
};

struct CloudFrontVerifiedUrl {
    std::string resource;  // the URL without CloudFront's parameters
    std::int64_t expires = 0;
};

// Checks a signed URL at time `now`; throws CloudFrontError saying which
// check failed: malformed URL, unknown Key-Pair-Id, unknown Hash-Algorithm,
// bad signature, policy not for this URL, expired, not yet valid.
CloudFrontVerifiedUrl cloudfront_verify_url(std::string_view signed_url, std::span<const CloudFrontPublicKey> keys,
                                            std::int64_t now);

}  // namespace parley

#pragma once

#include "crypto/ed25519.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley {

// The license service's signed answer, the one wire format shared by the app
// (which verifies) and parley-licensing (which signs):
//   {"payload": base64(JSON bytes), "signature": base64(Ed25519 signature)}
// The signature covers kLicenseDomainTag followed by the payload bytes, so a
// signature made for another purpose with the same key never passes as an
// answer.
inline constexpr std::string_view kLicenseDomainTag = "parley-license-v1\n";

// The payload. Times are seconds since the Unix epoch (UTC); dates of the
// license itself are calendar days, "YYYY-MM-DD", absent when unlimited.
struct LicenseAnswer {
    // active, invalid (no such key), revoked, expired, seat_limit, deactivated
    std::string status;
    std::string nonce;
    std::string fingerprint;
    std::string edition;
    int seats = 0;
    int seats_used = 0;
    std::optional<std::string> expires;
    std::optional<std::string> updates_until;
    std::int64_t issued = 0;
    std::int64_t valid_until = 0;  // end of the offline grace this answer grants
    std::string message;           // for people: why a refusal, what to do
};

class EnvelopeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string license_answer_to_json(const LicenseAnswer& answer);
// Throws EnvelopeError for anything but a JSON object with the fields above
// of the right types (unknown fields are ignored).
LicenseAnswer license_answer_from_json(std::string_view payload);

// Signs payload bytes and returns the envelope's JSON text.
std::string sign_license_envelope(const Secret& secret_key, std::string_view payload);
// The same with whatever signs with the key (the service's Ed25519Signer):
// `sign` gets the message to sign, the domain tag included.
std::string sign_license_envelope(const std::function<Ed25519Signature(std::string_view message)>& sign,
                                  std::string_view payload);

// The payload bytes of an envelope signed by one of the trusted keys. Throws
// EnvelopeError saying what is wrong (not JSON, missing fields, bad base64,
// no trusted signature); the message never echoes the envelope.
std::string open_license_envelope(std::string_view envelope_json, std::span<const Ed25519PublicKey> trusted_keys);

}  // namespace parley

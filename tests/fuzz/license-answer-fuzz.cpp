// The license service's answer arrives from the network: the envelope and
// the answer inside it must be refused cleanly (EnvelopeError), never crash,
// and whatever parses must survive a round trip unchanged. Each input is
// tried as an envelope and, signed with a fixed key, as a payload, so the
// answer parser is reached behind a valid signature too.
#include "licensing/license-envelope.h"
#include "licensing/license-state.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

const parley::Ed25519KeyPair& fuzz_key() {
    static const parley::Ed25519KeyPair pair{parley::ed25519_public_key(parley::Secret(std::string(32, '\x07'))),
                                             parley::Secret(std::string(32, '\x07'))};
    return pair;
}

void same(const parley::LicenseAnswer& a, const parley::LicenseAnswer& b) {
    if (a.status != b.status || a.nonce != b.nonce || a.fingerprint != b.fingerprint || a.edition != b.edition ||
        a.seats != b.seats || a.seats_used != b.seats_used || a.expires != b.expires ||
        a.updates_until != b.updates_until || a.issued != b.issued || a.valid_until != b.valid_until ||
        a.message != b.message) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::span<const parley::Ed25519PublicKey> trusted(&fuzz_key().public_key, 1);
    try {
        (void)parley::check_license_answer(input, trusted, {"fp", std::string("n"), std::int64_t{0}});
    } catch (const parley::EnvelopeError&) {
    }
    const std::string envelope = parley::sign_license_envelope(fuzz_key().secret_key, input);
    if (parley::open_license_envelope(envelope, trusted) != input) std::abort();
    try {
        const parley::LicenseAnswer answer = parley::license_answer_from_json(input);
        same(answer, parley::license_answer_from_json(parley::license_answer_to_json(answer)));
        if (answer.expires) (void)parley::end_of_utc_day(*answer.expires);
    } catch (const parley::EnvelopeError&) {
    }
    return 0;
}

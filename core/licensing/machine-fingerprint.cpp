#include "licensing/machine-fingerprint.h"

#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

namespace parley {

namespace {

// HMACEngine needs the block and digest sizes as constants.
class Sha256Engine : public Poco::SHA2Engine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    Sha256Engine() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

}  // namespace

// Poco's HMAC rather than OpenSSL's: every chat computes this, and OpenSSL's
// first use loads its configuration and providers, which costs a start-up
// of parley-cli milliseconds and megabytes that a plain chat has no other
// use for. The result is the same HMAC-SHA256.
std::string machine_fingerprint(const Secret& machine_id) {
    if (machine_id.empty()) throw MachineIdError("the machine id is empty");
    Poco::HMACEngine<Sha256Engine> hmac(machine_id.view().data(), machine_id.size());
    hmac.update(kFingerprintAppId.data(), static_cast<unsigned>(kFingerprintAppId.size()));
    Poco::DigestEngine::Digest digest = hmac.digest();
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char byte : digest) {
        out.push_back(hex[byte >> 4]);
        out.push_back(hex[byte & 0xF]);
    }
    wipe_memory(digest.data(), digest.size());
    return out;
}

}  // namespace parley

#include "licensing/machine-fingerprint.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace parley {

std::string machine_fingerprint(const Secret& machine_id) {
    if (machine_id.empty()) throw MachineIdError("the machine id is empty");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), machine_id.view().data(), static_cast<int>(machine_id.size()),
              reinterpret_cast<const unsigned char*>(kFingerprintAppId.data()), kFingerprintAppId.size(), digest,
              &length)) {
        throw MachineIdError("cannot compute the machine fingerprint (HMAC-SHA256 failed)");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xF]);
    }
    wipe_memory(digest, sizeof digest);
    return out;
}

}  // namespace parley

#pragma once

#include "vault/secret.h"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley {

class CredentialError : public std::runtime_error {
public:
    enum class Kind {
        unavailable,  // no store on this session (no Secret Service, no keychain access)
        locked,       // the store exists but refused to unlock
        denied,       // the user or the OS refused the operation
        corrupt,      // stored data fails its integrity check (file vault)
        bad_passphrase,
        io,           // the backing file or service failed
    };
    CredentialError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// Where API keys live. One instance serves one profile: two profiles (two
// PARLEY_HOME directories) never see each other's keys. Implementations never
// log, print or embed a key in an exception message.
class CredentialStore {
public:
    virtual ~CredentialStore() = default;

    // A human name for messages: "Secret Service", "Windows Credential Manager"...
    virtual std::string name() const = 0;
    // True when the store can be used right now (probes the service if needed).
    virtual bool is_available() = 0;
    // Creates or replaces the key for a provider id.
    virtual void store(const std::string& provider_id, const Secret& key) = 0;
    virtual std::optional<Secret> lookup(const std::string& provider_id) = 0;
    // Returns false when there was nothing to remove.
    virtual bool remove(const std::string& provider_id) = 0;
    // Provider ids that have a key in this profile.
    virtual std::vector<std::string> list() = 0;
};

}  // namespace parley

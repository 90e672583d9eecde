#pragma once

#include "licensing/license-client.h"
#include "licensing/license-state.h"
#include "licensing/license-store.h"
#include "net/cancel-token.h"
#include "net/network-options.h"
#include "vault/secret.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace parley {

class CredentialStore;
class Profile;

// A licensing operation that did not give this machine a license. The kind
// tells the front ends which advice to print; the message says it to people.
class LicenseError : public std::runtime_error {
public:
    enum class Kind {
        not_a_key,    // the text cannot be a license key
        no_key,       // nothing activated on this profile
        wrong_key,    // the service does not know the key
        seat_limit,   // every seat is taken
        refused,      // revoked or expired
        unreachable,  // no trusted answer (network, 5xx, unsigned or mis-signed answer...)
        bad_request,  // the service refused the request itself (4xx)
        key_storage,  // the credential store would not keep the key
    };
    LicenseError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// Where the license key lives: an item of the profile's credential store
// under a name no provider id can take (provider ids have no ':').
inline constexpr const char* kLicenseKeyItem = "license:key";
std::optional<Secret> stored_license_key(CredentialStore& store);

// What `license status` and Help › License show.
struct LicenseReport {
    LicenseStatus status;
    std::string fingerprint;
    std::optional<std::string> note;  // why a saved answer was set aside
};

std::int64_t unix_now();

enum class LicenseAdvice { cli, desktop };
// One line: the state, why chat is refused and what to do (DESIGN.md: exit 6).
std::string license_refusal_message(const LicenseReport& report, LicenseAdvice advice);
// The contract's `license status --json` object.
nlohmann::json license_status_json(const LicenseReport& report);

// A validation prepared on the calling thread (it reads the credential store
// and the settings) so that only the HTTP request runs elsewhere.
struct PreparedValidation {
    std::string server;
    NetworkOptions network;
    Secret key;
    std::string fingerprint;
    std::string nonce;
};

// Licensing for one profile: the front ends' single entry point. Every
// operation loads the facts afresh and saves them atomically, so the desktop
// app and the CLI can both act on one profile.
class Licensing {
public:
    // `clock` returns Unix seconds; injectable so tests need no real date.
    explicit Licensing(Profile& profile, std::function<std::int64_t()> clock = unix_now);

    // Local only: never touches the network.
    LicenseReport status();
    LicenseReport activate(const Secret& key_text, CancelToken& cancel);
    LicenseReport refresh(CancelToken& cancel);
    // Frees this machine's seat, then forgets the license and its key.
    LicenseReport deactivate(CancelToken& cancel);

    // A validation to run in the background when the held answer is older
    // than a day (or the last attempt failed); nullopt when none is due.
    std::optional<PreparedValidation> due_validation();
    // Folds in the outcome of a prepared validation: the envelope text, or
    // the error thrown by post_license_request.
    LicenseReport apply_validation(const PreparedValidation& prepared, const std::string* envelope,
                                   const LicenseServiceError* failure);

private:
    LoadedFacts load(const std::string& fingerprint);
    PreparedValidation prepare(Secret key);
    LicenseReport report(const LoadedFacts& loaded, const std::string& fingerprint);

    Profile& profile_;
    std::function<std::int64_t()> clock_;
    LicenseStore store_;
};

// Runs a prepared validation on a worker thread. finish() folds in the
// result if it has arrived, else cancels the request: the caller never
// waits for the service.
class BackgroundValidation {
public:
    // `on_done` runs on the worker thread once the answer or the failure is in
    // (the desktop app posts a call to its UI thread from there).
    explicit BackgroundValidation(PreparedValidation prepared, std::function<void()> on_done = {});
    ~BackgroundValidation();
    BackgroundValidation(const BackgroundValidation&) = delete;
    BackgroundValidation& operator=(const BackgroundValidation&) = delete;

    bool done() const;
    // Saves the answer (or the failure) when done; returns whether it was.
    bool finish(Licensing& licensing);

private:
    struct Shared;
    std::unique_ptr<Shared> shared_;
};

}  // namespace parley

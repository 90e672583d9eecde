#include "licensing/licensing.h"

#include "licensing/license-key.h"
#include "licensing/license-trust.h"
#include "parley-version.h"
#include "profile/profile.h"
#include "util/utc-time.h"

#include <atomic>
#include <chrono>
#include <thread>

namespace parley {

namespace {

nlohmann::json time_or_null(std::optional<std::int64_t> t) {
    return t ? nlohmann::json(format_utc_iso8601(*t)) : nlohmann::json(nullptr);
}

nlohmann::json text_or_null(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

std::string seat_limit_message(const LicenseAnswer& answer) {
    return "seat limit reached: " + std::to_string(answer.seats_used) + " of " + std::to_string(answer.seats) +
           " machines use this license. Free one by running `parley-cli license deactivate` (or Help › License… › "
           "Deactivate) on a machine that no longer needs it, or ask the vendor to release one";
}

std::string with_service_message(std::string text, const LicenseAnswer& answer) {
    if (!answer.message.empty()) text += " (the service says: " + answer.message.substr(0, 200) + ")";
    return text;
}

}  // namespace

std::optional<Secret> stored_license_key(CredentialStore& store) {
    return store.lookup(kLicenseKeyItem);
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string license_refusal_message(const LicenseReport& report, LicenseAdvice advice) {
    const bool cli = advice == LicenseAdvice::cli;
    const std::string activate = cli ? "run `parley-cli license activate`" : "use Help › License… › Activate";
    const std::string refresh = cli ? "run `parley-cli license refresh`" : "use Help › License… › Refresh";
    const std::string keeps = "; history, search and export keep working";
    const LicenseStatus& status = report.status;
    switch (status.state) {
        case LicenseState::trial_over:
            return "the 14-day evaluation ended on " + format_utc_date(status.trial_ends) +
                   ": to chat, buy a license and " + activate + keeps;
        case LicenseState::expired:
            if (status.grace_over) {
                return "the license could not be validated online and its offline grace ended on " +
                       format_utc_iso8601(status.answer->valid_until) + ": connect to the internet and " + refresh +
                       keeps;
            }
            return with_service_message(
                       "the license expired" +
                           (status.answer && status.answer->expires ? " on " + *status.answer->expires : std::string()),
                       *status.answer) +
                   ": renew it with the vendor, then " + refresh + keeps;
        case LicenseState::revoked:
            return with_service_message("the license was revoked or is no longer known to the vendor", *status.answer) +
                   ": contact the vendor, or " + activate + " with another key" + keeps;
        case LicenseState::clock_set_back:
            return "the system clock is more than 2 hours behind the latest trusted time: set the clock right, or "
                   "connect to the internet and " +
                   refresh + keeps;
        case LicenseState::trial:
        case LicenseState::active:
        case LicenseState::offline_grace: break;
    }
    return "the license is " + std::string(to_string(status.state));
}

nlohmann::json license_status_json(const LicenseReport& report) {
    const LicenseStatus& status = report.status;
    const LicenseAnswer* answer = status.answer ? &*status.answer : nullptr;
    return {{"state", std::string(to_string(status.state))},
            {"edition", answer ? nlohmann::json(answer->edition) : nlohmann::json(nullptr)},
            {"seats", answer ? nlohmann::json(answer->seats) : nlohmann::json(nullptr)},
            {"expires", answer ? text_or_null(answer->expires) : nlohmann::json(nullptr)},
            {"updates_until", answer ? text_or_null(answer->updates_until) : nlohmann::json(nullptr)},
            {"validated_at", time_or_null(answer ? std::optional(answer->issued) : std::nullopt)},
            {"valid_until", time_or_null(answer ? std::optional(answer->valid_until) : std::nullopt)},
            {"trial_ends", time_or_null(answer ? std::nullopt : std::optional(status.trial_ends))},
            {"fingerprint", report.fingerprint}};
}

Licensing::Licensing(Profile& profile, std::function<std::int64_t()> clock)
    : profile_(profile), clock_(std::move(clock)), store_(profile.paths().state_dir / "license.json") {}

LoadedFacts Licensing::load(const std::string& fingerprint) {
    LoadedFacts loaded = store_.load(trusted_license_keys(), fingerprint, clock_());
    const std::int64_t before = loaded.facts.high_water;
    observe_time(loaded.facts, clock_());
    // A minute's precision is plenty against a 2-hour tolerance, and spares
    // a write on every run.
    if (loaded.fresh || loaded.facts.high_water >= before + 60) store_.save(loaded.facts);
    return loaded;
}

LicenseReport Licensing::report(const LoadedFacts& loaded, const std::string& fingerprint) {
    return {evaluate(loaded.facts, clock_()), fingerprint, loaded.discarded};
}

LicenseReport Licensing::status() {
    const std::string fingerprint = profile_.machine_fingerprint();
    return report(load(fingerprint), fingerprint);
}

PreparedValidation Licensing::prepare(Secret key) {
    PreparedValidation prepared;
    prepared.server = license_server_url(profile_.settings());
    prepared.network = profile_.settings().network_options();
    prepared.key = std::move(key);
    prepared.fingerprint = profile_.machine_fingerprint();
    prepared.nonce = new_license_nonce();
    return prepared;
}

namespace {

std::string post(const PreparedValidation& prepared, LicenseCall call, CancelToken& cancel) {
    LicenseRequest request{&prepared.key, prepared.fingerprint, prepared.nonce, PARLEY_VERSION, build_platform()};
    return post_license_request(prepared.server, call, request, prepared.network, cancel);
}

[[noreturn]] void rethrow_service_error(const LicenseServiceError& error) {
    throw LicenseError(error.kind() == LicenseServiceError::Kind::rejected ? LicenseError::Kind::bad_request
                                                                           : LicenseError::Kind::unreachable,
                       error.what());
}

}  // namespace

LicenseReport Licensing::activate(const Secret& key_text, CancelToken& cancel) {
    auto canonical = canonical_license_key(key_text.view());
    if (!canonical) {
        throw LicenseError(LicenseError::Kind::not_a_key,
                           "that is not a license key: one has 25 letters and digits in five groups, like "
                           "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ0");
    }
    const PreparedValidation prepared = prepare(Secret(std::move(*canonical)));
    std::string envelope;
    try {
        envelope = post(prepared, LicenseCall::validate, cancel);
    } catch (const LicenseServiceError& error) {
        rethrow_service_error(error);
    }
    LoadedFacts loaded = load(prepared.fingerprint);
    LicenseAnswer answer;
    try {
        const auto held_issued = loaded.facts.held ? std::optional(loaded.facts.held->answer.issued) : std::nullopt;
        answer =
            check_license_answer(envelope, trusted_license_keys(), {prepared.fingerprint, prepared.nonce, held_issued});
    } catch (const EnvelopeError& error) {
        throw LicenseError(LicenseError::Kind::unreachable,
                           "the answer from " + prepared.server + " was not accepted: " + error.what());
    }
    // A refused activation leaves the evaluation and any license held as they were.
    if (answer.status == "invalid") {
        throw LicenseError(
            LicenseError::Kind::wrong_key,
            with_service_message("the license service does not know this key: check it for typos", answer));
    }
    if (answer.status == "seat_limit") throw LicenseError(LicenseError::Kind::seat_limit, seat_limit_message(answer));
    if (answer.status != "active") {
        throw LicenseError(LicenseError::Kind::refused,
                           with_service_message("this license is " + answer.status, answer));
    }
    try {
        profile_.os_store().store(kLicenseKeyItem, prepared.key);
    } catch (const CredentialError& error) {
        throw LicenseError(LicenseError::Kind::key_storage,
                           std::string("the license is valid but its key could not be kept: ") + error.what());
    }
    accept_answer(loaded.facts, clock_(), HeldAnswer{envelope, answer});
    store_.save(loaded.facts);
    loaded.discarded.reset();
    return report(loaded, prepared.fingerprint);
}

std::optional<PreparedValidation> Licensing::due_validation() {
    const std::string fingerprint = profile_.machine_fingerprint();
    const LoadedFacts loaded = load(fingerprint);
    if (!needs_revalidation(loaded.facts, clock_())) return std::nullopt;
    auto key = stored_license_key(profile_.os_store());
    if (!key) return std::nullopt;
    return prepare(std::move(*key));
}

LicenseReport Licensing::apply_validation(const PreparedValidation& prepared, const std::string* envelope,
                                          const LicenseServiceError* failure) {
    LoadedFacts loaded = load(prepared.fingerprint);
    std::optional<std::string> problem;
    if (failure) {
        problem = failure->what();
    } else {
        try {
            const auto held_issued = loaded.facts.held ? std::optional(loaded.facts.held->answer.issued) : std::nullopt;
            LicenseAnswer answer = check_license_answer(*envelope, trusted_license_keys(),
                                                        {prepared.fingerprint, prepared.nonce, held_issued});
            accept_answer(loaded.facts, clock_(), HeldAnswer{*envelope, std::move(answer)});
        } catch (const EnvelopeError& error) {
            problem = "the answer from " + prepared.server + " was not accepted: " + error.what();
        }
    }
    if (problem) record_no_answer(loaded.facts);
    store_.save(loaded.facts);
    if (problem) {
        throw LicenseError(failure && failure->kind() == LicenseServiceError::Kind::rejected
                               ? LicenseError::Kind::bad_request
                               : LicenseError::Kind::unreachable,
                           *problem);
    }
    loaded.discarded.reset();
    return report(loaded, prepared.fingerprint);
}

LicenseReport Licensing::refresh(CancelToken& cancel) {
    auto key = stored_license_key(profile_.os_store());
    if (!key) {
        throw LicenseError(LicenseError::Kind::no_key,
                           "no license is activated on this profile: run `parley-cli license activate`");
    }
    const PreparedValidation prepared = prepare(std::move(*key));
    try {
        const std::string envelope = post(prepared, LicenseCall::validate, cancel);
        return apply_validation(prepared, &envelope, nullptr);
    } catch (const LicenseServiceError& error) {
        return apply_validation(prepared, nullptr, &error);
    }
}

LicenseReport Licensing::deactivate(CancelToken& cancel) {
    auto key = stored_license_key(profile_.os_store());
    if (!key) {
        throw LicenseError(LicenseError::Kind::no_key, "no license is activated on this profile");
    }
    const PreparedValidation prepared = prepare(std::move(*key));
    std::string envelope;
    try {
        envelope = post(prepared, LicenseCall::deactivate, cancel);
    } catch (const LicenseServiceError& error) {
        rethrow_service_error(error);
    }
    LoadedFacts loaded = load(prepared.fingerprint);
    try {
        LicenseAnswer answer = check_license_answer(envelope, trusted_license_keys(),
                                                    {prepared.fingerprint, prepared.nonce, std::nullopt});
        accept_answer(loaded.facts, clock_(), HeldAnswer{envelope, std::move(answer)});
    } catch (const EnvelopeError& error) {
        throw LicenseError(LicenseError::Kind::unreachable, "the answer from " + prepared.server +
                                                                " was not accepted: " + error.what() +
                                                                "; the seat may still be taken");
    }
    // Whatever the service said (deactivated, or that it no longer knows the
    // key), this machine holds no license now.
    loaded.facts.held.reset();
    store_.save(loaded.facts);
    profile_.os_store().remove(kLicenseKeyItem);
    loaded.discarded.reset();
    return report(loaded, prepared.fingerprint);
}

struct BackgroundValidation::Shared {
    PreparedValidation prepared;
    CancelToken cancel;
    std::atomic<bool> done{false};
    std::optional<std::string> envelope;
    std::optional<LicenseServiceError> failure;
    std::thread worker;
};

BackgroundValidation::BackgroundValidation(PreparedValidation prepared, std::function<void()> on_done)
    : shared_(std::make_unique<Shared>()) {
    shared_->prepared = std::move(prepared);
    shared_->worker = std::thread([shared = shared_.get(), on_done = std::move(on_done)] {
        try {
            shared->envelope = post(shared->prepared, LicenseCall::validate, shared->cancel);
        } catch (const LicenseServiceError& error) {
            shared->failure = error;
        } catch (const std::exception& error) {
            shared->failure = LicenseServiceError(LicenseServiceError::Kind::unreachable, error.what());
        }
        shared->done.store(true, std::memory_order_release);
        if (on_done && !shared->cancel.cancelled()) on_done();
    });
}

BackgroundValidation::~BackgroundValidation() {
    if (!shared_->worker.joinable()) return;
    shared_->cancel.cancel();
    shared_->worker.join();
}

bool BackgroundValidation::done() const {
    return shared_->done.load(std::memory_order_acquire);
}

bool BackgroundValidation::finish(Licensing& licensing) {
    if (!done()) {
        shared_->cancel.cancel();
        shared_->worker.join();
        return false;
    }
    shared_->worker.join();
    if (shared_->failure && shared_->cancel.cancelled()) return false;
    try {
        licensing.apply_validation(shared_->prepared, shared_->envelope ? &*shared_->envelope : nullptr,
                                   shared_->failure ? &*shared_->failure : nullptr);
    } catch (const LicenseError&) {
        // Recorded as no answer (offline grace); the chat that started it
        // has nothing to add.
    }
    return true;
}

}  // namespace parley

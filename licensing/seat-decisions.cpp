#include "seat-decisions.h"

#include "util/utc-time.h"

#include <algorithm>

namespace parley::licensing {

namespace {

constexpr std::int64_t kLastSeenResolution = 3600;

LicenseAnswer refusal(const LicenseRequest& request, std::int64_t now, std::string status, std::string message) {
    LicenseAnswer answer;
    answer.status = std::move(status);
    answer.nonce = request.nonce;
    answer.fingerprint = request.fingerprint;
    answer.issued = now;
    answer.valid_until = now;  // a refusal grants no offline time
    answer.message = std::move(message);
    return answer;
}

void describe_license(LicenseAnswer& answer, const LicenseRecord& license, int seats_used) {
    answer.edition = license.edition;
    answer.seats = license.seats;
    answer.seats_used = seats_used;
    answer.expires = license.expires;
    answer.updates_until = license.updates_until;
}

// The license is valid through its last day, UTC.
bool has_expired(const LicenseRecord& license, std::int64_t now) {
    if (!license.expires) return false;
    const std::optional<std::int64_t> last_day = parse_utc_date(*license.expires);
    return last_day && now >= *last_day + 86400;
}

std::int64_t grace_end(const LicenseRecord& license, std::int64_t now, const SeatPolicy& policy) {
    std::int64_t end = now + policy.grace_seconds;
    if (license.expires) {
        if (const auto last_day = parse_utc_date(*license.expires)) end = std::min(end, *last_day + 86400);
    }
    return end;
}

Decision no_such_key(const LicenseRequest& request, std::int64_t now) {
    return {refusal(request, now, "invalid", "no license has this key; check it for typos"), std::nullopt};
}

std::string seat_limit_message(int seats) {
    const std::string n = std::to_string(seats);
    return "seat limit reached: " + n + " of " + n + (seats == 1 ? " machine is" : " machines are") +
           " active; deactivate one in Parley (Help › License) or ask for machine release";
}

// The decision, or nullopt when it needs a write and `may_write` is false.
std::optional<Decision> decide_validation(SeatTransaction& transaction, const LicenseRequest& request,
                                          const SeatPolicy& policy, std::int64_t now, bool may_write) {
    const std::optional<LicenseRecord> license = transaction.lock_license(*request.license_key);
    if (!license) return no_such_key(request, now);

    const std::int64_t seen_since = now - policy.release_after_seconds;
    Decision decision{{}, license->id};
    if (license->revoked) {
        decision.answer = refusal(request, now, "revoked", "this license was revoked; contact the vendor");
        describe_license(decision.answer, *license, transaction.count_seated(license->id, seen_since));
        return decision;
    }
    if (has_expired(*license, now)) {
        decision.answer = refusal(request, now, "expired", "this license expired at the end of " + *license->expires);
        describe_license(decision.answer, *license, transaction.count_seated(license->id, seen_since));
        return decision;
    }

    const std::optional<MachineRecord> machine = transaction.find_machine(license->id, request.fingerprint);
    const bool seated_already = machine && holds_seat(*machine, now, policy);
    int seats_used = transaction.count_seated(license->id, seen_since);
    if (!seated_already && seats_used >= license->seats) {
        decision.answer = refusal(request, now, "seat_limit", seat_limit_message(license->seats));
        describe_license(decision.answer, *license, seats_used);
        return decision;
    }
    // last_seen only has to be good to well under --release-after-days, so a
    // machine asking again within the hour costs no write.
    const bool unchanged = seated_already && now - machine->last_seen < kLastSeenResolution &&
                           machine->app_version == request.app_version && machine->platform == request.platform;
    if (!unchanged) {
        if (!may_write) return std::nullopt;
        MachineRecord seated_machine;
        seated_machine.fingerprint = request.fingerprint;
        seated_machine.first_seen = machine ? machine->first_seen : now;
        seated_machine.last_seen = now;
        seated_machine.app_version = request.app_version;
        seated_machine.platform = request.platform;
        transaction.seat_machine(license->id, seated_machine);
        if (!seated_already) ++seats_used;
    }
    transaction.commit();

    LicenseAnswer& answer = decision.answer;
    answer.status = "active";
    answer.nonce = request.nonce;
    answer.fingerprint = request.fingerprint;
    answer.issued = now;
    answer.valid_until = grace_end(*license, now, policy);
    answer.message = "this machine holds one of the license's seats";
    describe_license(answer, *license, seats_used);
    return decision;
}

}  // namespace

bool holds_seat(const MachineRecord& machine, std::int64_t now, const SeatPolicy& policy) {
    return !machine.released && machine.last_seen >= now - policy.release_after_seconds;
}

Decision validate_license(LicenseStore& store, const LicenseRequest& request, const SeatPolicy& policy,
                          std::int64_t now) {
    if (!request.license_key) return no_such_key(request, now);
    // Most validations change nothing: the machine holds its seat and asked
    // within the hour. They are decided on a snapshot that waits for no
    // writer; one that needs a write is decided again, from fresh reads, in a
    // write transaction.
    if (const auto snapshot = store.begin_read()) {
        if (std::optional<Decision> decision = decide_validation(*snapshot, request, policy, now, false))
            return std::move(*decision);
    }
    return *decide_validation(*store.begin(), request, policy, now, true);
}

Decision deactivate_license(LicenseStore& store, const LicenseRequest& request, const SeatPolicy& policy,
                            std::int64_t now) {
    if (!request.license_key) return no_such_key(request, now);
    const auto transaction = store.begin();
    const std::optional<LicenseRecord> license = transaction->lock_license(*request.license_key);
    if (!license) return no_such_key(request, now);
    transaction->release_machine(license->id, request.fingerprint);
    const int seats_used = transaction->count_seated(license->id, now - policy.release_after_seconds);
    transaction->commit();
    Decision decision{refusal(request, now, "deactivated", "this machine's seat is free for another machine"),
                      license->id};
    describe_license(decision.answer, *license, seats_used);
    return decision;
}

}  // namespace parley::licensing

#include "licensing/license-state.h"

#include "util/utc-time.h"

#include <algorithm>

namespace parley {

std::string_view to_string(LicenseState state) {
    switch (state) {
        case LicenseState::trial: return "trial";
        case LicenseState::trial_over: return "trial_over";
        case LicenseState::active: return "active";
        case LicenseState::offline_grace: return "offline_grace";
        case LicenseState::expired: return "expired";
        case LicenseState::revoked: return "revoked";
        case LicenseState::clock_set_back: return "clock_set_back";
    }
    return "unknown";
}

std::optional<std::int64_t> end_of_utc_day(std::string_view date) {
    const auto start = parse_utc_date(date);
    if (!start) return std::nullopt;
    return *start + 86400;
}

LicenseAnswer check_license_answer(std::string_view envelope, std::span<const Ed25519PublicKey> trusted_keys,
                                   const AnswerExpectation& expected) {
    const LicenseAnswer answer = license_answer_from_json(open_license_envelope(envelope, trusted_keys));
    if (answer.fingerprint != expected.fingerprint) throw EnvelopeError("the answer is for another machine");
    if (expected.nonce && answer.nonce != *expected.nonce) {
        throw EnvelopeError("the answer does not echo the request's nonce (a replayed answer?)");
    }
    if (expected.held_issued && answer.issued < *expected.held_issued) {
        throw EnvelopeError("the answer is older than the one already held (a replayed answer?)");
    }
    return answer;
}

LicenseFacts first_run_facts(std::int64_t now) {
    LicenseFacts facts;
    facts.first_run = now;
    facts.high_water = now;
    return facts;
}

std::int64_t trusted_time(const LicenseFacts& facts, std::int64_t now) {
    return now + facts.clock_skew;
}

void observe_time(LicenseFacts& facts, std::int64_t now) {
    facts.high_water = std::max(facts.high_water, trusted_time(facts, now));
}

void accept_answer(LicenseFacts& facts, std::int64_t now, HeldAnswer answer) {
    // The service's time replaces whatever the local clock claimed before:
    // this is what lets a wrong clock recover after an online validation.
    facts.clock_skew = answer.answer.issued - now;
    facts.high_water = answer.answer.issued;
    facts.unreachable = false;
    const std::string& status = answer.answer.status;
    if (status == "active" || status == "revoked" || status == "expired" || status == "invalid") {
        facts.held = std::move(answer);
    } else {
        // seat_limit, deactivated: this machine holds no license any more.
        facts.held.reset();
    }
}

void record_no_answer(LicenseFacts& facts) {
    facts.unreachable = true;
}

LicenseStatus evaluate(const LicenseFacts& facts, std::int64_t now) {
    LicenseStatus status;
    status.trial_ends = facts.first_run + kEvaluationSeconds;
    if (facts.held) status.answer = facts.held->answer;
    const std::string held = facts.held ? facts.held->answer.status : "";
    // A signed refusal ends the license whatever the clock says.
    if (held == "revoked" || held == "invalid") {
        status.state = LicenseState::revoked;
        return status;
    }
    if (held == "expired") {
        status.state = LicenseState::expired;
        return status;
    }
    const std::int64_t time = trusted_time(facts, now);
    if (time < facts.high_water - kClockTolerance) {
        status.state = LicenseState::clock_set_back;
        return status;
    }
    // A clock moved forward and back again cannot buy time: the highest
    // trusted time counts.
    const std::int64_t effective = std::max(time, facts.high_water);
    if (held == "active") {
        const LicenseAnswer& answer = facts.held->answer;
        const auto license_end = answer.expires ? end_of_utc_day(*answer.expires) : std::nullopt;
        if (license_end && effective >= *license_end) {
            status.state = LicenseState::expired;
        } else if (effective <= answer.valid_until) {
            status.state = facts.unreachable ? LicenseState::offline_grace : LicenseState::active;
        } else {
            status.state = LicenseState::expired;
            status.grace_over = true;
        }
        return status;
    }
    status.state = effective < status.trial_ends ? LicenseState::trial : LicenseState::trial_over;
    return status;
}

bool allows_chat(LicenseState state) {
    return state == LicenseState::trial || state == LicenseState::active || state == LicenseState::offline_grace;
}

bool needs_revalidation(const LicenseFacts& facts, std::int64_t now) {
    if (!facts.held || facts.held->answer.status != "active") return false;
    return facts.unreachable || trusted_time(facts, now) - facts.held->answer.issued >= kRevalidateAfter;
}

}  // namespace parley

#pragma once

#include "licensing/license-envelope.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley {

// The license state machine. Everything here is a pure function of what the
// app knows (LicenseFacts), the time the caller passes in, and a trusted
// answer: no clock is read, no file touched, so every rule is unit-tested
// with plain numbers. Times are Unix seconds (UTC).

enum class LicenseState { trial, trial_over, active, offline_grace, expired, revoked, clock_set_back };
std::string_view to_string(LicenseState state);

inline constexpr std::int64_t kEvaluationSeconds = 14 * 86400;
// A clock this far behind the highest trusted time is taken as set back.
// Two hours absorb DST and time-zone mistakes (all times are UTC anyway).
inline constexpr std::int64_t kClockTolerance = 2 * 3600;
// A held answer older than this is re-validated in the background.
inline constexpr std::int64_t kRevalidateAfter = 86400;

// The last trusted answer: the envelope exactly as received (re-verified on
// every load) and its payload.
struct HeldAnswer {
    std::string envelope;
    LicenseAnswer answer;
};

struct LicenseFacts {
    std::int64_t first_run = 0;   // the evaluation's start
    std::int64_t high_water = 0;  // the highest trusted time ever seen
    // The service's clock minus ours, measured when its last answer arrived:
    // once an online validation succeeds, a wrong local clock no longer
    // counts as set back, and "now" is the service's time.
    std::int64_t clock_skew = 0;
    std::optional<HeldAnswer> held;
    // The last attempt to reach the service got no (trusted) answer.
    bool unreachable = false;
};

// Why an answer counts as no answer is told by the EnvelopeError it throws.
struct AnswerExpectation {
    std::string fingerprint;           // this machine's
    std::optional<std::string> nonce;  // the one just sent; none when re-reading a held answer
    std::optional<std::int64_t> held_issued;
};

// Opens and checks an envelope: signed by a trusted key, for this machine,
// echoing the nonce just sent, not older than the answer held. Throws
// EnvelopeError otherwise; the caller then counts it as no answer.
LicenseAnswer check_license_answer(std::string_view envelope, std::span<const Ed25519PublicKey> trusted_keys,
                                   const AnswerExpectation& expected);

struct LicenseStatus {
    LicenseState state = LicenseState::trial;
    std::int64_t trial_ends = 0;
    // The held answer, when it describes a license (edition, seats...).
    std::optional<LicenseAnswer> answer;
    // expired because the offline grace ran out, not the license itself.
    bool grace_over = false;
};

// A fresh profile's facts: the evaluation starts now.
LicenseFacts first_run_facts(std::int64_t now);
// The app's notion of the time: the local clock corrected by the service's.
std::int64_t trusted_time(const LicenseFacts& facts, std::int64_t now);
// Raises the high-water mark to the (corrected) local time; never lowers it.
void observe_time(LicenseFacts& facts, std::int64_t now);
// Folds in an answer that passed check_license_answer, received at `now`.
void accept_answer(LicenseFacts& facts, std::int64_t now, HeldAnswer answer);
// The service could not be reached (or answered with nothing trusted).
void record_no_answer(LicenseFacts& facts);
LicenseStatus evaluate(const LicenseFacts& facts, std::int64_t now);

bool allows_chat(LicenseState state);
// True when the held answer should be re-validated in the background.
bool needs_revalidation(const LicenseFacts& facts, std::int64_t now);

// "YYYY-MM-DD" → the Unix time that day ends (next midnight UTC); nullopt
// when not such a date.
std::optional<std::int64_t> end_of_utc_day(std::string_view date);

}  // namespace parley

#include "licensing/license-store.h"

#include "util/atomic-file.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace parley {

namespace {

constexpr int kFormat = 1;

std::int64_t integer(const nlohmann::json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_number_integer()) {
        throw LicenseStoreError(std::string("'") + name + "' is missing or not a whole number");
    }
    return it->get<std::int64_t>();
}

}  // namespace

LicenseStore::LicenseStore(std::filesystem::path file) : file_(std::move(file)) {}

LoadedFacts LicenseStore::load(std::span<const Ed25519PublicKey> trusted_keys, const std::string& fingerprint,
                               std::int64_t now) const {
    LoadedFacts loaded;
    std::ifstream in(file_, std::ios::binary);
    if (!in) {
        if (std::filesystem::exists(file_)) throw LicenseStoreError("cannot read " + file_.string());
        loaded.facts = first_run_facts(now);
        loaded.fresh = true;
        return loaded;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const auto object = nlohmann::json::parse(text.str(), nullptr, false);
    try {
        if (object.is_discarded() || !object.is_object()) throw LicenseStoreError("not a JSON object");
        if (integer(object, "format") != kFormat) throw LicenseStoreError("unknown format");
        loaded.facts.first_run = integer(object, "first_run");
        loaded.facts.high_water = integer(object, "high_water");
        loaded.facts.clock_skew = integer(object, "clock_skew");
        loaded.facts.unreachable = object.value("unreachable", false);
    } catch (const LicenseStoreError& error) {
        throw LicenseStoreError("the license state file " + file_.string() + " is damaged (" + error.what() +
                                "); move it away to start over, then run `parley-cli license refresh`");
    } catch (const nlohmann::json::exception&) {
        throw LicenseStoreError("the license state file " + file_.string() +
                                " is damaged; move it away to start over, then run `parley-cli license refresh`");
    }
    const auto envelope = object.find("envelope");
    if (envelope != object.end() && envelope->is_string()) {
        const std::string text_envelope = envelope->get<std::string>();
        try {
            AnswerExpectation expected{fingerprint, std::nullopt, std::nullopt};
            LicenseAnswer answer = check_license_answer(text_envelope, trusted_keys, expected);
            loaded.facts.held = HeldAnswer{text_envelope, std::move(answer)};
        } catch (const EnvelopeError& error) {
            loaded.discarded = std::string("the saved license answer was set aside: ") + error.what();
        }
    }
    return loaded;
}

void LicenseStore::save(const LicenseFacts& facts) const {
    const nlohmann::json object = {
        {"format", kFormat},
        {"first_run", facts.first_run},
        {"high_water", facts.high_water},
        {"clock_skew", facts.clock_skew},
        {"unreachable", facts.unreachable},
        {"envelope", facts.held ? nlohmann::json(facts.held->envelope) : nlohmann::json(nullptr)},
    };
    std::filesystem::create_directories(file_.parent_path());
    write_file_atomically(file_, object.dump(2) + "\n");
}

}  // namespace parley

#include "admin-commands.h"

#include "answer-signing-key.h"
#include "crypto/base64.h"
#include "license-store.h"
#include "licensing/license-key.h"
#include "seat-decisions.h"
#include "util/utc-time.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <chrono>
#include <iostream>

namespace parley::licensing {

namespace {

using nlohmann::json;

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string encode_public_key(const Ed25519PublicKey& key) {
    return base64_encode(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
}

// What every store command shares: --data, --store and the seat policy.
struct StoreContext {
    std::filesystem::path data_dir;
    std::unique_ptr<LicenseStore> store;
    SeatPolicy policy;
    bool json = false;
};

StoreContext open_store(ArgumentList& args) {
    StoreContext context;
    context.data_dir = args.require_value("--data");
    const std::string store_url = args.take_value("--store").value_or("");
    if (const auto days = args.take_value("--release-after-days")) {
        context.policy.release_after_seconds = std::int64_t{parse_count("--release-after-days", *days, 1)} * 86400;
    }
    context.json = args.take_flag("--json");
    context.store = open_license_store(context.data_dir, store_url);
    return context;
}

std::string canonical_key_argument(ArgumentList& args) {
    const std::optional<std::string> key = canonical_license_key(args.require_positional("KEY"));
    if (!key) throw UsageError("KEY is not a license key (five groups of five letters and digits)");
    return *key;
}

std::optional<std::string> date_option(ArgumentList& args, const std::string& name) {
    std::optional<std::string> date = args.take_value(name);
    if (date && !parse_utc_date(*date)) throw UsageError(name + " takes a date as YYYY-MM-DD");
    return date;
}

json date_json(const std::optional<std::string>& date) {
    return date ? json(*date) : json(nullptr);
}

std::string license_state(const LicenseRecord& license, std::int64_t now) {
    if (license.revoked) return "revoked";
    if (license.expires) {
        const auto last_day = parse_utc_date(*license.expires);
        if (last_day && now >= *last_day + 86400) return "expired";
    }
    return "valid";
}

int seats_used(const std::vector<MachineRecord>& machines, std::int64_t now, const SeatPolicy& policy) {
    int used = 0;
    for (const MachineRecord& machine : machines) used += holds_seat(machine, now, policy) ? 1 : 0;
    return used;
}

json license_json(const LicenseRecord& license, int used, std::int64_t now) {
    return {{"key", license.key},
            {"edition", license.edition},
            {"seats", license.seats},
            {"seats_used", used},
            {"expires", date_json(license.expires)},
            {"updates_until", date_json(license.updates_until)},
            {"state", license_state(license, now)},
            {"revoked", license.revoked},
            {"created", format_utc_iso8601(license.created)}};
}

std::string machine_state(const MachineRecord& machine, std::int64_t now, const SeatPolicy& policy) {
    if (machine.released) return "released";
    return holds_seat(machine, now, policy) ? "seated" : "idle";
}

json machine_json(const MachineRecord& machine, std::int64_t now, const SeatPolicy& policy) {
    return {{"fingerprint", machine.fingerprint},
            {"first_seen", format_utc_iso8601(machine.first_seen)},
            {"last_seen", format_utc_iso8601(machine.last_seen)},
            {"state", machine_state(machine, now, policy)},
            {"app_version", machine.app_version},
            {"platform", machine.platform}};
}

void print_license_line(const LicenseRecord& license, int used, std::int64_t now) {
    std::cout << license.key << "  " << license.edition << "  " << used << "/" << license.seats << " seats  expires "
              << license.expires.value_or("never") << "  updates until " << license.updates_until.value_or("always")
              << "  " << license_state(license, now) << "\n";
}

void print_machine_line(const MachineRecord& machine, std::int64_t now, const SeatPolicy& policy) {
    std::cout << machine.fingerprint << "  " << machine_state(machine, now, policy) << "  first seen "
              << format_utc_iso8601(machine.first_seen) << "  last seen " << format_utc_iso8601(machine.last_seen);
    if (!machine.platform.empty() || !machine.app_version.empty()) {
        std::cout << "  " << machine.platform << " " << machine.app_version;
    }
    std::cout << "\n";
}

LicenseRecord require_license(LicenseStore& store, const std::string& key) {
    std::optional<LicenseRecord> license = store.find_license(key);
    if (!license) throw std::runtime_error("no license has that key");
    return *license;
}

int license_create(ArgumentList& args) {
    LicenseRecord license;
    license.seats = parse_count("--seats", args.require_value("--seats"), 1);
    license.edition = args.take_value("--edition").value_or("standard");
    if (license.edition.empty() || license.edition.size() > 64) throw UsageError("--edition takes 1 to 64 characters");
    license.expires = date_option(args, "--expires");
    license.updates_until = date_option(args, "--updates-until");
    StoreContext context = open_store(args);
    args.expect_end();
    license.key = generate_license_key();
    license.created = now_seconds();
    context.store->create_license(license);
    if (context.json) {
        std::cout << license_json(license, 0, license.created).dump() << "\n";
    } else {
        std::cout << license.key << "\n";
    }
    return 0;
}

int license_list(ArgumentList& args) {
    StoreContext context = open_store(args);
    args.expect_end();
    const std::int64_t now = now_seconds();
    json list = json::array();
    for (const LicenseRecord& license : context.store->list_licenses()) {
        const int used = seats_used(context.store->list_machines(license.id), now, context.policy);
        if (context.json) {
            list.push_back(license_json(license, used, now));
        } else {
            print_license_line(license, used, now);
        }
    }
    if (context.json) std::cout << list.dump() << "\n";
    return 0;
}

int license_show(ArgumentList& args) {
    StoreContext context = open_store(args);
    const std::string key = canonical_key_argument(args);
    args.expect_end();
    const LicenseRecord license = require_license(*context.store, key);
    const std::vector<MachineRecord> machines = context.store->list_machines(license.id);
    const std::int64_t now = now_seconds();
    const int used = seats_used(machines, now, context.policy);
    if (context.json) {
        json shown = license_json(license, used, now);
        shown["machines"] = json::array();
        for (const MachineRecord& machine : machines)
            shown["machines"].push_back(machine_json(machine, now, context.policy));
        std::cout << shown.dump() << "\n";
        return 0;
    }
    print_license_line(license, used, now);
    for (const MachineRecord& machine : machines) print_machine_line(machine, now, context.policy);
    return 0;
}

int license_revoke(ArgumentList& args) {
    StoreContext context = open_store(args);
    const std::string key = canonical_key_argument(args);
    args.expect_end();
    if (!context.store->revoke_license(key)) throw std::runtime_error("no license has that key");
    const LicenseRecord license = require_license(*context.store, key);
    const std::int64_t now = now_seconds();
    const int used = seats_used(context.store->list_machines(license.id), now, context.policy);
    if (context.json) {
        std::cout << license_json(license, used, now).dump() << "\n";
    } else {
        std::cout << "revoked " << license.key << "\n";
    }
    return 0;
}

int machine_list(ArgumentList& args) {
    StoreContext context = open_store(args);
    const std::string key = canonical_key_argument(args);
    args.expect_end();
    const LicenseRecord license = require_license(*context.store, key);
    const std::int64_t now = now_seconds();
    json list = json::array();
    for (const MachineRecord& machine : context.store->list_machines(license.id)) {
        if (context.json) {
            list.push_back(machine_json(machine, now, context.policy));
        } else {
            print_machine_line(machine, now, context.policy);
        }
    }
    if (context.json) std::cout << list.dump() << "\n";
    return 0;
}

int machine_release(ArgumentList& args) {
    StoreContext context = open_store(args);
    const std::string key = canonical_key_argument(args);
    const std::string fingerprint = args.require_positional("FINGERPRINT");
    args.expect_end();
    const auto transaction = context.store->begin();
    const std::optional<LicenseRecord> license = transaction->lock_license(key);
    if (!license) throw std::runtime_error("no license has that key");
    const std::optional<MachineRecord> machine = transaction->find_machine(license->id, fingerprint);
    if (!machine) throw std::runtime_error("no machine with that fingerprint holds this license");
    transaction->release_machine(license->id, fingerprint);
    transaction->commit();
    if (context.json) {
        MachineRecord released = *machine;
        released.released = true;
        std::cout << machine_json(released, now_seconds(), context.policy).dump() << "\n";
    } else {
        std::cout << "released " << fingerprint << "\n";
    }
    return 0;
}

}  // namespace

int run_init(ArgumentList& args) {
    const std::filesystem::path data_dir = args.require_value("--data");
    const std::string store_url = args.take_value("--store").value_or("");
    const std::optional<std::string> seed_file = args.take_value("--secret-key-file");
    args.expect_end();
    std::optional<Secret> seed;
    if (seed_file) seed = read_seed_file(*seed_file);
    std::filesystem::create_directories(data_dir);
    ::chmod(data_dir.c_str(), 0700);
    const Ed25519PublicKey public_key = create_answer_signing_key(data_dir, std::move(seed));
    open_license_store(data_dir, store_url);
    std::cout << encode_public_key(public_key) << "\n";
    return 0;
}

int run_public_key(ArgumentList& args) {
    const std::filesystem::path data_dir = args.require_value("--data");
    args.expect_end();
    std::cout << encode_public_key(ed25519_public_key(load_answer_signing_key(data_dir))) << "\n";
    return 0;
}

int run_license_command(const std::string& action, ArgumentList& args) {
    if (action == "create") return license_create(args);
    if (action == "list") return license_list(args);
    if (action == "show") return license_show(args);
    if (action == "revoke") return license_revoke(args);
    throw UsageError("unknown command: license " + action);
}

int run_machine_command(const std::string& action, ArgumentList& args) {
    if (action == "list") return machine_list(args);
    if (action == "release") return machine_release(args);
    throw UsageError("unknown command: machine " + action);
}

}  // namespace parley::licensing

#include "cli-context.h"
#include "interrupt-signals.h"
#include "licensing/licensing.h"
#include "util/utc-time.h"

#include <iostream>

namespace parley {

namespace {

int exit_code_for(const LicenseError& error) {
    switch (error.kind()) {
        case LicenseError::Kind::not_a_key: return exit_code::usage;
        case LicenseError::Kind::unreachable: return exit_code::network;
        case LicenseError::Kind::no_key:
        case LicenseError::Kind::wrong_key:
        case LicenseError::Kind::seat_limit:
        case LicenseError::Kind::refused: return exit_code::no_license;
        case LicenseError::Kind::bad_request:
        case LicenseError::Kind::key_storage: return exit_code::failure;
    }
    return exit_code::failure;
}

std::string or_text(const std::optional<std::string>& value, const char* otherwise) {
    return value ? *value : otherwise;
}

void print_report(const LicenseReport& report) {
    const LicenseStatus& status = report.status;
    std::cout << "state: " << to_string(status.state) << "\n";
    if (const auto& answer = status.answer) {
        std::cout << "edition: " << answer->edition << "\n"
                  << "seats: " << answer->seats_used << " of " << answer->seats << " machines\n"
                  << "expires: " << or_text(answer->expires, "never") << "\n"
                  << "updates until: " << or_text(answer->updates_until, "no limit") << "\n"
                  << "validated at: " << format_utc_iso8601(answer->issued) << "\n"
                  << "valid offline until: " << format_utc_iso8601(answer->valid_until) << "\n";
    } else {
        std::cout << "evaluation ends: " << format_utc_iso8601(status.trial_ends) << "\n";
    }
    std::cout << "machine fingerprint: " << report.fingerprint << "\n";
    if (report.note) std::cout << "note: " << *report.note << "\n";
}

// Reports a state that does not allow chat as a refusal (exit 6).
int conclude(const LicenseReport& report) {
    if (allows_chat(report.status.state)) return exit_code::ok;
    std::cerr << "parley-cli: license " << to_string(report.status.state) << ": "
              << license_refusal_message(report, LicenseAdvice::cli) << "\n";
    return exit_code::no_license;
}

template <typename Operation>
int run_online(CliContext& context, Operation operation) {
    CancelToken cancel;
    const ScopedInterruptHandler interrupt([&cancel](int) { cancel.cancel(); });
    Licensing licensing(context.profile());
    try {
        return operation(licensing, cancel);
    } catch (const LicenseError& error) {
        std::cerr << "parley-cli: " << error.what() << "\n";
        if (error.kind() == LicenseError::Kind::unreachable) {
            const LicenseReport now = licensing.status();
            if (now.status.state == LicenseState::offline_grace) {
                std::cerr << "parley-cli: working offline until " << format_utc_iso8601(now.status.answer->valid_until)
                          << " (the license's offline grace)\n";
            }
        }
        return exit_code_for(error);
    }
}

int activate(CliContext& context, ArgumentList& args) {
    args.expect_end();
    const Secret key = read_secret_input("License key (input hidden): ");
    if (key.empty()) {
        throw UsageError(
            "no license key on stdin: pipe it in, e.g. `printf %s \"$KEY\" | parley-cli license activate`");
    }
    return run_online(context, [&key](Licensing& licensing, CancelToken& cancel) {
        const LicenseReport report = licensing.activate(key, cancel);
        std::cerr << "Activated this machine: " << report.status.answer->edition << " edition, "
                  << report.status.answer->seats_used << " of " << report.status.answer->seats << " machines\n";
        print_report(report);
        return exit_code::ok;
    });
}

int status(CliContext& context, ArgumentList& args) {
    const bool json = args.take_flag("--json");
    args.expect_end();
    const LicenseReport report = Licensing(context.profile()).status();
    if (json) {
        print_json(license_status_json(report));
    } else {
        print_report(report);
    }
    return exit_code::ok;
}

int refresh(CliContext& context, ArgumentList& args) {
    args.expect_end();
    return run_online(context, [](Licensing& licensing, CancelToken& cancel) {
        const LicenseReport report = licensing.refresh(cancel);
        print_report(report);
        return conclude(report);
    });
}

int deactivate(CliContext& context, ArgumentList& args) {
    args.expect_end();
    return run_online(context, [](Licensing& licensing, CancelToken& cancel) {
        const LicenseReport report = licensing.deactivate(cancel);
        std::cerr << "Deactivated: this machine's seat is free and its license key removed\n";
        print_report(report);
        return exit_code::ok;
    });
}

}  // namespace

int run_license_command(CliContext& context, ArgumentList& args) {
    const std::string verb = args.require_positional("license subcommand (activate, status, refresh, deactivate)");
    if (verb == "activate") return activate(context, args);
    if (verb == "status") return status(context, args);
    if (verb == "refresh") return refresh(context, args);
    if (verb == "deactivate") return deactivate(context, args);
    throw UsageError("unknown license subcommand: " + verb);
}

}  // namespace parley

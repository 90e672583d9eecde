// parley-updater: checks the vendor's update service, verifies everything it
// is offered, installs into the per-user install root and rolls back a
// version that does not start. Its exit codes are a contract (DESIGN.md).
#include "app-launch.h"
#include "argument-list.h"
#include "artifact-download.h"
#include "current-link.h"
#include "licensing/license-trust.h"
#include "licensing/licensing.h"
#include "net/http-client.h"
#include "net/network-error.h"
#include "parley-license-build-config.h"
#include "parley-version.h"
#include "platform-services.h"
#include "profile/profile.h"
#include "release-installer.h"
#include "self-location.h"
#include "update-offer.h"
#include "util/utc-time.h"
#include "vault/redact.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using parley::UsageError;

constexpr const char* kUsage =
    R"(usage: parley-updater [--home DIR] [--install-root DIR] check | apply | rollback | status [--json]
  check      ask the update service whether a newer version is offered, and verify the offer
  apply      check, download, verify and install it; roll back if it does not start
             (--restart: then start the new version's desktop app, for the app that asked)
  rollback   go back to the version installed before the current one
  status     what is installed, where, and what the updater remembers
)";

namespace exit_code {
constexpr int ok = 0, failure = 1, usage = 2, refused = 3, network = 4, verification = 7, install_failed = 8,
              system_managed = 9;
}

class ServiceRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SystemManaged : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Updater {
    parley::Profile& profile;
    fs::path root;
    bool json_output = false;
    std::int64_t now = 0;  // fixed once per run: every expiry is judged at one time

    parley::ReleaseInstaller installer() const {
        return parley::ReleaseInstaller(root, profile.paths().state_dir / "updater");
    }

    // A package manager's install lives under /usr and has no install root
    // of ours: dpkg or rpm own those files, so they are never touched.
    bool system_managed() const {
        const std::string self = parley::running_executable_path().string();
        return !parley::read_current_version(root) && self.starts_with("/usr/") && !self.starts_with("/usr/local/");
    }

    std::string installed_version() const { return installer().installed_version().value_or(PARLEY_VERSION); }

    std::string channel() const { return profile.settings().get("update.channel"); }

    std::optional<parley::VerifiedOffer> check() {
        const parley::UpdaterState state = installer().state();
        json request = {{"product", "parley"},
                        {"version", installed_version()},
                        {"platform", PARLEY_BUILD_PLATFORM},
                        {"channel", channel()},
                        {"fingerprint", profile.machine_fingerprint()},
                        {"license_key", ""}};
        if (auto key = parley::stored_license_key(profile.os_store()))
            request["license_key"] = std::string(key->view());
        parley::HttpRequest http;
        http.url = parley::license_server_url(profile.settings()) + "/api/update/check";
        http.headers.emplace_back("Content-Type", "application/json");
        http.body = request.dump();
        parley::wipe_string(request["license_key"].get_ref<std::string&>());
        parley::CancelToken cancel;
        const parley::HttpClient client(profile.settings().network_options());
        auto [head, body] = client.fetch(http, cancel);
        parley::wipe_string(http.body);
        if (head.status != 200) {
            const auto error = json::parse(body, nullptr, false);
            const std::string message = error.is_object() && error.contains("error") && error["error"].is_string()
                                            ? error["error"].get<std::string>()
                                            : body.substr(0, 200);
            if (head.status >= 400 && head.status < 500)
                throw ServiceRefused("the update service refused (HTTP " + std::to_string(head.status) +
                                     "): " + message);
            throw parley::NetworkError(parley::NetworkError::Kind::protocol,
                                       "the update service failed (HTTP " + std::to_string(head.status) + ")");
        }
        parley::OfferContext context{installed_version(),  PARLEY_BUILD_PLATFORM, channel(),
                                     state.highest_serial, state.blocklist,       now};
        return parley::verify_update_answer(body, parley::build_time_update_trust(), context);
    }

    json offer_json(const parley::VerifiedOffer& offer) const {
        json out = {{"version", offer.manifest.version},
                    {"channel", offer.manifest.channel},
                    {"serial", offer.manifest.serial},
                    {"released", parley::format_utc_iso8601(offer.manifest.released)},
                    {"size", offer.artifact.size}};
        if (!offer.manifest.notes.empty()) out["notes"] = offer.manifest.notes;
        return out;
    }

    int run_check() {
        const auto offer = check();
        const std::string installed = installed_version();
        if (json_output) {
            json out = {{"status", offer ? "update_available" : "up_to_date"}, {"installed", installed}};
            if (offer) out["offered"] = offer_json(*offer);
            if (system_managed()) out["managed_by_system"] = true;
            std::cout << out.dump() << "\n";
        } else if (offer) {
            std::cout << "Parley " << offer->manifest.version << " is available (installed: " << installed << ").\n";
            if (!offer->manifest.notes.empty()) std::cout << "Release notes: " << offer->manifest.notes << "\n";
            if (system_managed())
                std::cout << "This copy was installed by the system's package manager: update it there.\n";
        } else {
            std::cout << "Parley " << installed << " is up to date.\n";
        }
        return exit_code::ok;
    }

    int run_apply(bool restart) {
        if (system_managed())
            throw SystemManaged(
                "this copy of Parley was installed by the system's package manager (deb or rpm) and "
                "is updated by it (apt, dnf); parley-updater changes nothing here");
        auto installer_ = installer();
        if (auto recovered = installer_.recover()) std::cerr << "parley-updater: " << *recovered << "\n";
        const auto offer = check();
        const std::string installed = installed_version();
        if (!offer) {
            if (json_output)
                std::cout << json{{"status", "up_to_date"}, {"installed", installed}}.dump() << "\n";
            else
                std::cout << "Parley " << installed << " is up to date.\n";
            return exit_code::ok;
        }
        parley::CancelToken cancel;
        const parley::HttpClient client(profile.settings().network_options());
        int last_percent = -1;
        const fs::path file = parley::download_artifact(
            client, offer->url, offer->artifact, profile.paths().state_dir / "updater" / "downloads", cancel,
            [&](std::uint64_t done, std::uint64_t total) {
                const int percent = total ? static_cast<int>(done * 100 / total) : 100;
                // The desktop app reads every step for its progress bar; a
                // person at a terminal gets one line per tenth.
                if (json_output ? percent != last_percent : percent / 10 != last_percent / 10)
                    std::cerr << "downloading: " << percent << "%" << std::endl;
                last_percent = percent;
            });
        // Only a manifest whose artifact arrived intact raises the serial.
        installer_.remember_serial(offer->manifest.serial);
        try {
            installer_.install(file, offer->manifest.version);
        } catch (...) {
            fs::remove(file);
            throw;
        }
        fs::remove(file);
        // The desktop app that asked closes once it reads "restarted": the
        // new version is already on its way up.
        bool restarted = false;
        if (restart) {
            try {
                parley::launch_detached(root / "current" / "bin" / ("parley" PARLEY_EXECUTABLE_SUFFIX), {});
                restarted = true;
            } catch (const std::runtime_error& error) {
                std::cerr << "parley-updater: installed, but " << error.what() << "\n";
            }
        }
        if (json_output)
            std::cout << json{{"status", "updated"},
                              {"from", installed},
                              {"to", offer->manifest.version},
                              {"restarted", restarted}}
                             .dump()
                      << "\n";
        else
            std::cout << "Updated Parley " << installed << " → " << offer->manifest.version << ".\n";
        return exit_code::ok;
    }

    int run_rollback() {
        if (system_managed()) throw SystemManaged("this copy of Parley is managed by the system's package manager");
        auto installer_ = installer();
        installer_.recover();
        const std::string version = installer_.rollback();
        if (json_output)
            std::cout << json{{"status", "rolled_back"}, {"to", version}}.dump() << "\n";
        else
            std::cout << "Parley " << version << " is running again.\n";
        return exit_code::ok;
    }

    int run_status() {
        const parley::UpdaterState state = installer().state();
        const json out = {{"installed", installed_version()},
                          {"install_root", root.string()},
                          {"managed_by_system", system_managed()},
                          {"channel", channel()},
                          {"highest_serial", state.highest_serial},
                          {"blocklist", state.blocklist},
                          {"previous", state.previous ? json(*state.previous) : json(nullptr)}};
        if (json_output) {
            std::cout << out.dump() << "\n";
        } else {
            std::cout << "installed: " << out["installed"].get<std::string>() << "\ninstall root: " << root.string()
                      << (system_managed() ? " (managed by the system package manager)" : "")
                      << "\nchannel: " << channel() << "\n";
            if (state.previous) std::cout << "previous: " << *state.previous << "\n";
            for (const auto& version : state.blocklist)
                std::cout << "blocked (failed its start-up check): " << version << "\n";
        }
        return exit_code::ok;
    }
};

void error_line(const std::string& message) {
    std::cerr << "parley-updater: " << parley::redact_secrets(message) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    parley::ArgumentList args(std::vector<std::string>(argv + 1, argv + argc));
    try {
        if (args.take_flag("--help") || args.take_flag("-h")) {
            std::cout << kUsage;
            return exit_code::ok;
        }
        if (args.take_flag("--version")) {
            std::cout << "parley-updater " << PARLEY_VERSION << "\n";
            return exit_code::ok;
        }
        std::optional<fs::path> home;
        if (auto dir = args.take_value("--home")) home = *dir;
        std::optional<fs::path> root_flag;
        if (auto dir = args.take_value("--install-root")) root_flag = *dir;
        const bool json_output = args.take_flag("--json");
        const bool restart = args.take_flag("--restart");
        const auto command = args.next_positional();
        args.expect_end();
        if (!command) throw UsageError("no command");
        fs::path root = root_flag ? *root_flag : fs::path();
        if (!root_flag) {
            const char* env = std::getenv("PARLEY_INSTALL_ROOT");
            root = env && *env ? fs::path(env) : parley::default_install_root();
        }
        parley::Profile profile(home, parley::native_platform_services());
        Updater updater{
            profile, fs::absolute(root), json_output,
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count()};
        if (*command == "check") return updater.run_check();
        if (restart && *command != "apply") throw UsageError("--restart goes with apply");
        if (*command == "apply") return updater.run_apply(restart);
        if (*command == "rollback") return updater.run_rollback();
        if (*command == "status") return updater.run_status();
        throw UsageError("unknown command: " + *command);
    } catch (const UsageError& error) {
        error_line(error.what());
        std::cerr << kUsage;
        return exit_code::usage;
    } catch (const parley::UpdateRefused& error) {
        error_line(std::string("update refused: ") + error.what());
        return exit_code::verification;
    } catch (const ServiceRefused& error) {
        error_line(error.what());
        return exit_code::refused;
    } catch (const parley::DownloadRefused& error) {
        error_line(error.what());
        return exit_code::refused;
    } catch (const parley::NetworkError& error) {
        error_line(error.what());
        return exit_code::network;
    } catch (const parley::InstallError& error) {
        error_line(error.what());
        return exit_code::install_failed;
    } catch (const SystemManaged& error) {
        error_line(error.what());
        return exit_code::system_managed;
    } catch (const std::exception& error) {
        error_line(error.what());
        return exit_code::failure;
    }
}

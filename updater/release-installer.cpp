#include "release-installer.h"

#include "current-link.h"
#include "release-archive.h"
#include "util/atomic-file.h"

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <future>
#include <sstream>

namespace parley {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr auto health_check_timeout = std::chrono::seconds(10);

json read_json(const fs::path& path) {
    std::ifstream in(path);
    if (!in) return json();
    const json value = json::parse(in, nullptr, false);
    return value.is_object() ? value : json();
}

std::string partial_name(const std::string& version) {
    return "." + version + ".partial";
}

// Test builds can stop dead at a named step, as a power cut would, to prove
// that every step can be resumed or undone: no destructor, no flush, and the
// exit status a SIGKILL leaves (128 + 9), on Windows too.
void maybe_die_at([[maybe_unused]] const char* step) {
#ifdef PARLEY_TEST_HOOKS
    if (const char* at = std::getenv("PARLEY_UPDATER_KILL_AT"); at && std::string_view(at) == step) std::_Exit(128 + 9);
#endif
}

}  // namespace

bool run_cli_health_check(const fs::path& version_dir, const std::string& version) {
    const fs::path cli = version_dir / "bin" / ("parley-cli" PARLEY_EXECUTABLE_SUFFIX);
    if (!fs::exists(cli)) return false;
    try {
        Poco::Pipe out;
        Poco::ProcessHandle child = Poco::Process::launch(cli.string(), {"--version"}, nullptr, &out, nullptr);
        auto output = std::async(std::launch::async, [&out] {
            Poco::PipeInputStream stream(out);
            std::string text;
            char c;
            while (text.size() < 256 && stream.get(c)) text.push_back(c);
            return text;
        });
        auto exit_code = std::async(std::launch::async, [&child] { return child.wait(); });
        if (exit_code.wait_for(health_check_timeout) == std::future_status::timeout) {
            Poco::Process::kill(child);
            exit_code.get();
            return false;
        }
        const int code = exit_code.get();
        std::string text = output.get();
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        return code == 0 && text == "parley-cli " + version;
    } catch (const Poco::Exception&) {
        return false;
    }
}

ReleaseInstaller::ReleaseInstaller(fs::path root, fs::path state_dir)
    : root_(std::move(root)), state_dir_(std::move(state_dir)) {}

std::optional<std::string> ReleaseInstaller::installed_version() const {
    return read_current_version(root_);
}

UpdaterState ReleaseInstaller::state() const {
    const json saved = read_json(state_dir_ / "updater-state.json");
    UpdaterState state;
    if (saved.contains("highest_serial") && saved["highest_serial"].is_number_unsigned())
        state.highest_serial = saved["highest_serial"].get<std::uint64_t>();
    if (saved.contains("blocklist") && saved["blocklist"].is_array())
        for (const auto& v : saved["blocklist"])
            if (v.is_string()) state.blocklist.insert(v.get<std::string>());
    if (saved.contains("previous") && saved["previous"].is_string())
        state.previous = saved["previous"].get<std::string>();
    return state;
}

void ReleaseInstaller::save_state(const UpdaterState& state) const {
    fs::create_directories(state_dir_);
    json saved = {{"highest_serial", state.highest_serial}, {"blocklist", state.blocklist}};
    if (state.previous) saved["previous"] = *state.previous;
    write_file_atomically(state_dir_ / "updater-state.json", saved.dump(2) + "\n");
}

void ReleaseInstaller::remember_serial(std::uint64_t serial) {
    UpdaterState current = state();
    if (serial <= current.highest_serial) return;
    current.highest_serial = serial;
    save_state(current);
}

void ReleaseInstaller::write_journal(const std::string& step, const std::string& from, const std::string& to) const {
    fs::create_directories(state_dir_);
    write_file_atomically(state_dir_ / "update-journal.json",
                          json{{"step", step}, {"from", from}, {"to", to}}.dump() + "\n");
}

void ReleaseInstaller::undo(const std::string& from, const std::string& to) const {
    if (!from.empty() && read_current_version(root_) != from && fs::is_directory(root_ / "versions" / from))
        switch_current_version(root_, from);
    std::error_code ignored;
    fs::remove_all(root_ / "versions" / partial_name(to), ignored);
    if (read_current_version(root_) != to) fs::remove_all(root_ / "versions" / to, ignored);
}

std::optional<std::string> ReleaseInstaller::recover() {
    const fs::path journal_path = state_dir_ / "update-journal.json";
    const json journal = read_json(journal_path);
    if (!fs::exists(journal_path)) return std::nullopt;
    const std::string step = journal.value("step", "");
    const std::string from = journal.value("from", "");
    const std::string to = journal.value("to", "");
    std::string what;
    if (step == "confirmed") {
        UpdaterState current = state();
        if (!from.empty()) current.previous = from;
        save_state(current);
        what = "finished the update to " + to + " that was interrupted after its check";
    } else if (!to.empty()) {
        undo(from, to);
        what = "undid an interrupted update to " + to + (from.empty() ? "" : "; " + from + " is running");
    }
    fs::remove(journal_path);
    return what.empty() ? std::nullopt : std::optional(what);
}

void ReleaseInstaller::install(const fs::path& verified_archive, const std::string& version,
                               const HealthCheck& health_check) {
    const std::string from = installed_version().value_or("");
    if (from == version) throw InstallError(version + " is already the running version");
    const fs::path versions = root_ / "versions";
    const fs::path partial = versions / partial_name(version);
    const fs::path final_dir = versions / version;
    fs::create_directories(versions);

    write_journal("unpacking", from, version);
    maybe_die_at("unpacking");
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    fs::remove_all(final_dir, ignored);
    try {
        extract_release_archive(verified_archive, "parley-" + version, partial);
    } catch (const ArchiveError& error) {
        fs::remove(state_dir_ / "update-journal.json", ignored);
        throw InstallError(std::string("the update was not installed: ") + error.what());
    }
    maybe_die_at("unpacked");
    fs::rename(partial, final_dir);

    write_journal("switching", from, version);
    maybe_die_at("switching");
    switch_current_version(root_, version);
    maybe_die_at("switched");

    if (!health_check(final_dir, version)) {
        undo(from, version);
        UpdaterState current = state();
        current.blocklist.insert(version);
        save_state(current);
        fs::remove(state_dir_ / "update-journal.json", ignored);
        throw InstallError("version " + version + " failed its start-up check; " +
                           (from.empty() ? std::string("nothing was changed") : from + " is running again") + ", and " +
                           version + " will not be offered again");
    }
    write_journal("confirmed", from, version);
    maybe_die_at("confirmed");
    UpdaterState current = state();
    if (!from.empty()) current.previous = from;
    save_state(current);
    fs::remove(state_dir_ / "update-journal.json");
}

std::string ReleaseInstaller::rollback() {
    const UpdaterState current = state();
    const auto running = installed_version();
    if (!current.previous || !fs::is_directory(root_ / "versions" / *current.previous))
        throw InstallError("there is no earlier version to go back to");
    if (running == current.previous) throw InstallError(*current.previous + " is already running");
    switch_current_version(root_, *current.previous);
    UpdaterState next = current;
    next.previous = running;
    save_state(next);
    return *current.previous;
}

}  // namespace parley

#include "update-check.h"

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/filename.h>
#include <wx/frame.h>
#include <wx/gauge.h>
#include <wx/hyperlink.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/stdpaths.h>
#include <wx/timer.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace parley {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

wxString utf8(const std::string& text) {
    return wxString::FromUTF8(text.data(), text.size());
}

std::string read_all(Poco::Pipe& pipe) {
    Poco::PipeInputStream in(pipe);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The updater's stderr, line by line as it comes: progress steps go to
// `on_percent`, the rest is kept for the error message.
std::string read_progress(Poco::Pipe& pipe, const std::function<void(int)>& on_percent) {
    Poco::PipeInputStream in(pipe);
    const std::string prefix = "downloading: ";
    std::string text, line;
    while (std::getline(in, line)) {
        if (on_percent && line.starts_with(prefix) && line.ends_with('%')) {
            const std::string digits = line.substr(prefix.size(), line.size() - prefix.size() - 1);
            int percent = -1;
            const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), percent);
            if (error == std::errc() && end == digits.data() + digits.size() && percent >= 0 && percent <= 100) {
                on_percent(percent);
                continue;
            }
        }
        text += line + "\n";
    }
    return text;
}

// What a failed run means, in the updater's own words when it gave some.
std::string failure_text(const UpdaterRun& result) {
    std::string error = result.error;
    const std::string prefix = "parley-updater: ";
    if (error.starts_with(prefix)) error.erase(0, prefix.size());
    if (error.empty()) error = "the updater failed (exit code " + std::to_string(result.exit_code) + ")";
    return error;
}

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

constexpr std::int64_t kAutoCheckInterval = 86400;

}  // namespace

UpdaterRun run_updater(const std::vector<std::string>& args, const std::function<void(int)>& on_percent) {
    // Next to this program, with its extension (.exe on Windows).
    wxFileName program(wxStandardPaths::Get().GetExecutablePath());
    program.SetName("parley-updater");
    std::vector<std::string> full = args;
    full.push_back("--json");
    UpdaterRun result;
    try {
        Poco::Pipe out, err;
        Poco::ProcessHandle child =
            Poco::Process::launch(program.GetFullPath().utf8_string(), full, nullptr, &out, &err);
        // stdout carries one short JSON line, well within a pipe's buffer, so
        // following stderr to its end first cannot stall the child.
        result.error = read_progress(err, on_percent);
        result.out = read_all(out);
        result.exit_code = child.wait();
    } catch (const Poco::Exception& error) {
        result.error = "cannot run " + program.GetFullPath().utf8_string() + ": " + error.displayText();
    }
    // Progress lines come first; the error, if any, is the last line.
    while (!result.error.empty() && result.error.back() == '\n') result.error.pop_back();
    if (const auto newline = result.error.rfind('\n'); newline != std::string::npos) result.error.erase(0, newline + 1);
    return result;
}

UpdateDialog::UpdateDialog(wxWindow* parent)
    : wxDialog(parent, wxID_ANY, "Check for Updates", wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    message_ = new wxStaticText(this, wxID_ANY, "");
    sizer->Add(message_, 0, wxALL | wxEXPAND, 12);
    notes_ = new wxHyperlinkCtrl(this, wxID_ANY, "Release notes", "https://localhost/");
    notes_->Hide();
    sizer->Add(notes_, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);
    progress_ = new wxGauge(this, wxID_ANY, 100);
    sizer->Add(progress_, 0, wxLEFT | wxRIGHT | wxEXPAND, 12);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    install_ = new wxButton(this, wxID_ANY, "&Install");
    install_->Hide();
    buttons->Add(install_, 0, wxRIGHT, 8);
    buttons->Add(new wxButton(this, wxID_CLOSE, "&Close"));
    sizer->Add(buttons, 0, wxALL | wxALIGN_RIGHT, 12);
    SetSizerAndFit(sizer);
    SetMinSize(wxSize(420, -1));
    pulse_ = std::make_unique<wxTimer>(this);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { progress_->Pulse(); });
    install_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        run({"apply", "--restart"}, wxString::FromUTF8("Downloading, verifying and installing…"));
    });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); }, wxID_CLOSE);
    run({"check"}, wxString::FromUTF8("Asking the update service…"));
}

UpdateDialog::~UpdateDialog() {
    if (worker_.joinable()) worker_.join();
}

void UpdateDialog::run(const std::vector<std::string>& args, const wxString& progress) {
    if (worker_.joinable()) return;
    set_busy(true);
    message_->SetLabel(progress);
    worker_ = std::thread([this, args] {
        UpdaterRun result =
            run_updater(args, [this](int percent) { CallAfter([this, percent] { show_percent(percent); }); });
        CallAfter([this, result = std::move(result)] { finished(result); });
    });
}

void UpdateDialog::finished(const UpdaterRun& result) {
    if (worker_.joinable()) worker_.join();
    set_busy(false);
    install_->Hide();
    notes_->Hide();
    std::string text;
    const json answer = json::parse(result.out, nullptr, false);
    if (result.exit_code != 0 || !answer.is_object()) {
        text = failure_text(result);
    } else if (answer.value("status", "") == "update_available") {
        text = "Parley " + answer["offered"].value("version", "") +
               " is available (installed: " + answer.value("installed", "") + ")";
        // The updater passes on only a URL the signed manifest holds and
        // that is https; clicking it is the only thing that opens it.
        if (const std::string notes = answer["offered"].value("notes", ""); !notes.empty()) {
            notes_->SetURL(utf8(notes));
            notes_->SetToolTip(utf8(notes));
            notes_->Show();
        }
        if (answer.value("managed_by_system", false)) {
            text += ". This copy was installed by the system's package manager: update it there.";
        } else {
            install_->Show();
        }
    } else if (answer.value("status", "") == "updated" && answer.value("restarted", false)) {
        // parley-updater has started the new version: this one makes way.
        EndModal(wxID_CLOSE);
        if (wxWindow* top = wxTheApp->GetTopWindow()) top->Close();
        return;
    } else if (answer.value("status", "") == "updated") {
        text = "Parley " + answer.value("to", "") + " is installed: restart Parley to use it";
    } else {
        text = "Parley " + answer.value("installed", "") + " is up to date";
    }
    message_->SetLabel(utf8(text));
    message_->Wrap(GetClientSize().GetWidth() - 24);
    SetTitle(utf8(text));
    Layout();
    Fit();
}

void UpdateDialog::set_busy(bool busy) {
    install_->Enable(!busy);
    progress_->Show(busy);
    if (busy) {
        pulse_->Start(100);
    } else {
        pulse_->Stop();
    }
    Layout();
}

void UpdateDialog::show_percent(int percent) {
    if (!worker_.joinable()) return;
    pulse_->Stop();
    progress_->SetValue(percent);
    message_->SetLabel(wxString::FromUTF8("Downloading… ") + wxString::Format("%d%%", percent));
}

StartupUpdateCheck::StartupUpdateCheck(wxFrame* owner, Profile& profile) : owner_(owner) {
    if (profile.settings().get("update.auto_check") != "true") return;
    const fs::path stamp = profile.paths().state_dir / "updater" / "last-auto-check";
    std::int64_t last = 0;
    std::ifstream(stamp) >> last;
    const std::int64_t now = now_seconds();
    if (now - last < kAutoCheckInterval && last <= now) return;
    std::error_code ignored;
    fs::create_directories(stamp.parent_path(), ignored);
    std::ofstream(stamp) << now << "\n";
    worker_ = std::thread([this] {
        const UpdaterRun result = run_updater({"check"});
        const json answer = json::parse(result.out, nullptr, false);
        if (result.exit_code != 0 || !answer.is_object() || answer.value("status", "") != "update_available") return;
        const std::string version = answer["offered"].value("version", "");
        owner_->CallAfter([owner = owner_, version] {
            owner->SetStatusText(utf8("Parley " + version + " is available: Help › Check for Updates…"));
        });
    });
}

StartupUpdateCheck::~StartupUpdateCheck() {
    if (worker_.joinable()) worker_.join();
}

}  // namespace parley

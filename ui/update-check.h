#pragma once

#include "profile/profile.h"

#include <wx/dialog.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

class wxButton;
class wxGauge;
class wxHyperlinkCtrl;
class wxStaticText;
class wxTimer;

namespace parley {

// What parley-updater (installed next to this program) said: its exit code
// (DESIGN.md § Updates), its --json line and its one-line error.
struct UpdaterRun {
    int exit_code = 1;
    std::string out;
    std::string error;
};

// Runs `parley-updater ARGS --json`, blocking; for worker threads. The child
// inherits PARLEY_HOME, so it works on this profile. `on_percent` hears each
// "downloading: N%" step as the updater reports it.
UpdaterRun run_updater(const std::vector<std::string>& args, const std::function<void(int)>& on_percent = {});

// Help › Check for Updates…: asks the updater on a worker thread while a
// gauge pulses, shows the offered version (the title says it too) with a link
// to its release notes when the signed manifest names them, and hands the
// install over to `parley-updater apply`, which verifies everything again
// while the gauge follows its download.
class UpdateDialog final : public wxDialog {
public:
    explicit UpdateDialog(wxWindow* parent);
    ~UpdateDialog() override;

private:
    void run(const std::vector<std::string>& args, const wxString& progress);
    void finished(const UpdaterRun& result);
    void set_busy(bool busy);
    void show_percent(int percent);

    wxStaticText* message_ = nullptr;
    wxHyperlinkCtrl* notes_ = nullptr;
    wxButton* install_ = nullptr;
    wxGauge* progress_ = nullptr;
    std::unique_ptr<wxTimer> pulse_;
    std::thread worker_;
};

// The unobtrusive check: at start, when update.auto_check is on and the last
// one is over a day old, asks the updater in the background and names an
// offered version in the status bar.
class StartupUpdateCheck {
public:
    StartupUpdateCheck(wxFrame* owner, Profile& profile);
    ~StartupUpdateCheck();

private:
    wxFrame* owner_;
    std::thread worker_;
};

}  // namespace parley

#pragma once

#include "licensing/licensing.h"
#include "profile/profile.h"

#include <wx/dialog.h>

#include <functional>
#include <memory>
#include <thread>

class wxButton;
class wxGauge;
class wxStaticText;
class wxTextCtrl;
class wxTimer;

namespace parley {

// Help › License…: the license state, edition, seats, expiry and this
// machine's fingerprint; Activate (with a key), Refresh and Deactivate. The
// service is asked on a worker thread while a gauge pulses; the answer comes
// back to the UI thread through CallAfter.
class LicenseDialog final : public wxDialog {
public:
    LicenseDialog(wxWindow* parent, Profile& profile);
    ~LicenseDialog() override;

private:
    using Operation = std::function<LicenseReport(Licensing&, CancelToken&)>;
    void show(const LicenseReport& report);
    void show_status();
    void run(const wxString& progress, Operation operation);
    void finished(std::optional<LicenseReport> report, const std::string& error);
    void set_busy(bool busy);

    Profile& profile_;
    wxStaticText* details_ = nullptr;
    wxTextCtrl* fingerprint_ = nullptr;
    wxTextCtrl* key_ = nullptr;
    wxButton* activate_ = nullptr;
    wxButton* refresh_ = nullptr;
    wxButton* deactivate_ = nullptr;
    wxGauge* progress_ = nullptr;
    wxStaticText* message_ = nullptr;
    std::unique_ptr<wxTimer> pulse_;
    std::unique_ptr<CancelToken> cancel_;
    std::thread worker_;
};

// One line for Edit › Preferences: the state and when it ends.
std::string license_summary(const LicenseReport& report);

// Before a chat: true in trial, active and offline_grace; otherwise tells
// the user which state and what to do, and returns false.
bool license_allows_chat(wxWindow* parent, Profile& profile);

// Re-validates in the background at start when the held answer is over a
// day old; the window never waits for it.
class StartupLicenseCheck {
public:
    StartupLicenseCheck(wxWindow* owner, Profile& profile);

private:
    void finished();

    wxWindow* owner_;
    Licensing licensing_;
    std::unique_ptr<BackgroundValidation> validation_;
};

}  // namespace parley

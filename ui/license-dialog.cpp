#include "license-dialog.h"

#include "util/utc-time.h"

#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

namespace parley {

namespace {

wxString utf8(const std::string& text) {
    return wxString::FromUTF8(text.data(), text.size());
}

std::string describe(const LicenseReport& report) {
    const LicenseStatus& status = report.status;
    std::string text = "State: " + std::string(to_string(status.state)) + "\n";
    if (const auto& answer = status.answer) {
        text += "Edition: " + answer->edition + "\n";
        text += "Seats: " + std::to_string(answer->seats_used) + " of " + std::to_string(answer->seats) + " machines\n";
        text += "Expires: " + answer->expires.value_or("never") + "\n";
        text += "Updates until: " + answer->updates_until.value_or("no limit") + "\n";
        text += "Validated: " + format_utc_iso8601(answer->issued) + "\n";
        text += "Works offline until: " + format_utc_iso8601(answer->valid_until) + "\n";
    } else {
        text += "Evaluation ends: " + format_utc_iso8601(status.trial_ends) + "\n";
    }
    if (!allows_chat(status.state)) text += "\n" + license_refusal_message(report, LicenseAdvice::desktop) + "\n";
    if (report.note) text += "\nNote: " + *report.note + "\n";
    return text;
}

}  // namespace

std::string license_summary(const LicenseReport& report) {
    const LicenseStatus& status = report.status;
    std::string text = std::string(to_string(status.state));
    if (const auto& answer = status.answer) {
        text += " (" + answer->edition + "), expires " + answer->expires.value_or("never");
    } else {
        text += ", evaluation ends " + format_utc_iso8601(status.trial_ends);
    }
    return text;
}

LicenseDialog::LicenseDialog(wxWindow* parent, Profile& profile)
    : wxDialog(parent, wxID_ANY, "License", wxDefaultPosition, wxSize(620, 460),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      profile_(profile),
      pulse_(std::make_unique<wxTimer>()) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    details_ = new wxStaticText(this, wxID_ANY, "");
    top->Add(details_, 0, wxEXPAND | wxALL, 10);

    auto* form = new wxFlexGridSizer(2, 6, 6);
    form->AddGrowableCol(1);
    fingerprint_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_READONLY);
    key_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD | wxTE_PROCESS_ENTER);
    key_->SetHint("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX");
    form->Add(new wxStaticText(this, wxID_ANY, "Machine fingerprint"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(fingerprint_, 1, wxEXPAND);
    form->Add(new wxStaticText(this, wxID_ANY, "License key"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(key_, 1, wxEXPAND);
    top->Add(form, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    activate_ = new wxButton(this, wxID_ANY, "&Activate");
    refresh_ = new wxButton(this, wxID_ANY, "&Refresh");
    deactivate_ = new wxButton(this, wxID_ANY, "&Deactivate");
    buttons->Add(activate_, 0, wxRIGHT, 4);
    buttons->Add(refresh_, 0, wxRIGHT, 4);
    buttons->Add(deactivate_, 0);
    top->Add(buttons, 0, wxALL, 10);

    progress_ = new wxGauge(this, wxID_ANY, 100);
    progress_->Hide();
    top->Add(progress_, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);
    message_ = new wxStaticText(this, wxID_ANY, "");
    top->Add(message_, 0, wxEXPAND | wxALL, 10);
    top->AddStretchSpacer();
    top->Add(CreateButtonSizer(wxCLOSE), 0, wxEXPAND | wxALL, 10);
    SetSizer(top);

    pulse_->Bind(wxEVT_TIMER, [this](wxTimerEvent&) { progress_->Pulse(); });
    const auto activate = [this] {
        const std::string text = key_->GetValue().utf8_string();
        if (text.find_first_not_of(" \t") == std::string::npos) {
            message_->SetLabel("Enter the license key first.");
            return;
        }
        auto key = std::make_shared<Secret>(text);
        key_->Clear();
        run("Activating…",
            [key](Licensing& licensing, CancelToken& cancel) { return licensing.activate(*key, cancel); });
    };
    activate_->Bind(wxEVT_BUTTON, [activate](wxCommandEvent&) { activate(); });
    key_->Bind(wxEVT_TEXT_ENTER, [activate](wxCommandEvent&) { activate(); });
    refresh_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        run("Validating…", [](Licensing& licensing, CancelToken& cancel) { return licensing.refresh(cancel); });
    });
    deactivate_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        run("Deactivating…", [](Licensing& licensing, CancelToken& cancel) { return licensing.deactivate(cancel); });
    });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); }, wxID_CLOSE);
    show_status();
    key_->SetFocus();
}

LicenseDialog::~LicenseDialog() {
    if (cancel_) cancel_->cancel();
    if (worker_.joinable()) worker_.join();
}

void LicenseDialog::show(const LicenseReport& report) {
    details_->SetLabel(utf8(describe(report)));
    fingerprint_->ChangeValue(utf8(report.fingerprint));
    deactivate_->Enable(report.status.answer.has_value());
    Layout();
}

void LicenseDialog::show_status() {
    try {
        show(Licensing(profile_).status());
    } catch (const std::exception& error) {
        details_->SetLabel(utf8(std::string("The license state cannot be read: ") + error.what()));
    }
}

void LicenseDialog::run(const wxString& progress, Operation operation) {
    if (worker_.joinable()) return;
    set_busy(true);
    message_->SetLabel(progress);
    // Created here, on the UI thread, so the worker only uses it.
    (void)profile_.os_store();
    cancel_ = std::make_unique<CancelToken>();
    worker_ = std::thread([this, operation = std::move(operation)] {
        std::optional<LicenseReport> report;
        std::string error;
        try {
            Licensing licensing(profile_);
            report = operation(licensing, *cancel_);
        } catch (const std::exception& e) {
            error = e.what();
        }
        CallAfter([this, report = std::move(report), error] { finished(report, error); });
    });
}

void LicenseDialog::finished(std::optional<LicenseReport> report, const std::string& error) {
    if (worker_.joinable()) worker_.join();
    set_busy(false);
    show_status();
    if (report) {
        message_->SetLabel(utf8("Done: the license is " + std::string(to_string(report->status.state)) + "."));
    } else {
        message_->SetLabel(utf8(error));
        message_->Wrap(GetClientSize().GetWidth() - 20);
    }
    Layout();
}

void LicenseDialog::set_busy(bool busy) {
    activate_->Enable(!busy);
    refresh_->Enable(!busy);
    deactivate_->Enable(!busy);
    key_->Enable(!busy);
    progress_->Show(busy);
    if (busy) {
        pulse_->Start(100);
    } else {
        pulse_->Stop();
    }
    Layout();
}

bool license_allows_chat(wxWindow* parent, Profile& profile) {
    try {
        const LicenseReport report = Licensing(profile).status();
        if (allows_chat(report.status.state)) return true;
        wxMessageBox(utf8("Chat is not available (license " + std::string(to_string(report.status.state)) +
                          "): " + license_refusal_message(report, LicenseAdvice::desktop) + "."),
                     "Parley", wxOK | wxICON_WARNING, parent);
    } catch (const std::exception& error) {
        wxMessageBox(utf8(std::string("Chat is not available: ") + error.what()), "Parley", wxOK | wxICON_ERROR,
                     parent);
    }
    return false;
}

StartupLicenseCheck::StartupLicenseCheck(wxWindow* owner, Profile& profile) : owner_(owner), licensing_(profile) {
    try {
        if (auto due = licensing_.due_validation()) {
            validation_ = std::make_unique<BackgroundValidation>(std::move(*due),
                                                                 [this] { owner_->CallAfter([this] { finished(); }); });
        }
    } catch (const std::exception&) {
        // Nothing to validate with (no machine id, no credential store):
        // Help › License… and the chat refusal say why.
    }
}

void StartupLicenseCheck::finished() {
    if (validation_) validation_->finish(licensing_);
}

}  // namespace parley

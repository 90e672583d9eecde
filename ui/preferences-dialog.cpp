#include "preferences-dialog.h"

#include "accessible-name.h"
#include "license-dialog.h"
#include "licensing/licensing.h"
#include "vault-passphrase-prompt.h"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/filepicker.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace parley {

namespace {

wxString utf8(const std::string& text) {
    return wxString::FromUTF8(text.data(), text.size());
}

std::string trimmed(const wxTextCtrl* control) {
    wxString value = control->GetValue();
    return value.Trim().Trim(false).utf8_string();
}

wxFlexGridSizer* new_grid() {
    auto* grid = new wxFlexGridSizer(2, 6, 8);
    grid->AddGrowableCol(1);
    return grid;
}

}  // namespace

int transcript_font_size(const Settings& settings, int system_size) {
    const std::string configured = settings.get("appearance.font_size");
    return configured.empty() ? system_size : std::stoi(configured);
}

PreferencesDialog::PreferencesDialog(wxWindow* parent, Profile& profile)
    : wxDialog(parent, wxID_ANY, "Preferences", wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      profile_(profile) {
    auto* top = new wxBoxSizer(wxVERTICAL);

    auto* chat = new wxStaticBoxSizer(wxVERTICAL, this, "Chat defaults");
    auto* chat_grid = new_grid();
    add_field(chat->GetStaticBox(), chat_grid, "chat.system_prompt", "&System prompt",
              "for new conversations; empty for none", wxTE_MULTILINE);
    add_field(chat->GetStaticBox(), chat_grid, "chat.temperature", "&Temperature", "0 to 2; empty: the provider's");
    add_field(chat->GetStaticBox(), chat_grid, "chat.max_tokens", "Max &tokens", "empty: the provider's");
    chat->Add(chat_grid, 1, wxEXPAND | wxALL, 6);

    auto* network = new wxStaticBoxSizer(wxVERTICAL, this, "Network");
    auto* network_grid = new_grid();
    add_field(network->GetStaticBox(), network_grid, "network.connect_timeout_s", "&Connect timeout (s)", "");
    add_field(network->GetStaticBox(), network_grid, "network.idle_timeout_s", "&Idle timeout (s)",
              "no byte for this long ends a reply");
    proxy_ = add_field(network->GetStaticBox(), network_grid, "network.proxy", "&Proxy",
                       "http://host:port; empty uses HTTPS_PROXY");
    // A file picker, whose text field stays: a path can still be typed or pasted.
    auto* ca_file =
        new wxFilePickerCtrl(network->GetStaticBox(), wxID_ANY, utf8(profile_.settings().get("network.ca_file")),
                             "Extra CA bundle", "PEM files (*.pem;*.crt)|*.pem;*.crt|All files|*", wxDefaultPosition,
                             wxDefaultSize, wxFLP_OPEN | wxFLP_FILE_MUST_EXIST | wxFLP_USE_TEXTCTRL);
    ca_file->GetTextCtrl()->SetHint("a PEM bundle to trust");
    ca_file->GetTextCtrl()->SetName("network.ca_file");
    set_accessible_name(*ca_file->GetTextCtrl(), "Extra CA file");
    network_grid->Add(new wxStaticText(network->GetStaticBox(), wxID_ANY, "Extra &CA file"), 0,
                      wxALIGN_CENTER_VERTICAL);
    network_grid->Add(ca_file, 1, wxEXPAND);
    fields_.push_back({"network.ca_file", ca_file->GetTextCtrl()});
    network->Add(network_grid, 1, wxEXPAND | wxALL, 6);

    auto* appearance = new wxStaticBoxSizer(wxVERTICAL, this, "Appearance");
    auto* appearance_grid = new_grid();
    add_field(appearance->GetStaticBox(), appearance_grid, "appearance.font_size", "Transcript &font size",
              "points, 6 to 48; empty: the system's");
    appearance->Add(appearance_grid, 1, wxEXPAND | wxALL, 6);

    auto* updates = new wxStaticBoxSizer(wxVERTICAL, this, "Updates");
    auto* updates_grid = new_grid();
    channel_ = new wxChoice(updates->GetStaticBox(), wxID_ANY);
    channel_->Append("stable");
    channel_->Append("beta");
    channel_->SetStringSelection(utf8(profile_.settings().get("update.channel")));
    set_accessible_name(*channel_, "Release channel");
    updates_grid->Add(new wxStaticText(updates->GetStaticBox(), wxID_ANY, "Release c&hannel"), 0,
                      wxALIGN_CENTER_VERTICAL);
    updates_grid->Add(channel_, 0);
    auto_check_ = new wxCheckBox(updates->GetStaticBox(), wxID_ANY, "Check for updates &automatically (daily)");
    auto_check_->SetValue(profile_.settings().get("update.auto_check") == "true");
    updates_grid->AddSpacer(0);
    updates_grid->Add(auto_check_, 0);
    updates->Add(updates_grid, 1, wxEXPAND | wxALL, 6);

    auto* license = new wxStaticBoxSizer(wxHORIZONTAL, this, "License");
    license_ = new wxStaticText(license->GetStaticBox(), wxID_ANY, "");
    auto* open_license = new wxButton(license->GetStaticBox(), wxID_ANY, utf8("&License…"));
    license->Add(license_, 1, wxALIGN_CENTER_VERTICAL | wxALL, 6);
    license->Add(open_license, 0, wxALL, 6);
    open_license->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        LicenseDialog(this, profile_).ShowModal();
        show_license();
    });
    show_license();

    top->Add(chat, 0, wxEXPAND | wxALL, 8);
    top->Add(network, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    top->Add(appearance, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    top->Add(updates, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    top->Add(license, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 8);
    SetSizerAndFit(top);
    SetSize(wxSize(std::max(GetSize().GetWidth(), 560), -1));

    // The first field, not a button: typing starts the system prompt.
    fields_.front().control->SetFocus();
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent&) {
            if (apply()) EndModal(wxID_OK);
        },
        wxID_OK);
}

wxTextCtrl* PreferencesDialog::add_field(wxWindow* parent, wxSizer* grid, const std::string& key, const wxString& label,
                                         const wxString& hint, long style) {
    auto* control = new wxTextCtrl(parent, wxID_ANY, utf8(profile_.settings().get(key)), wxDefaultPosition,
                                   style & wxTE_MULTILINE ? wxSize(-1, 70) : wxDefaultSize, style);
    control->SetHint(hint);
    control->SetName(utf8(key));
    grid->Add(new wxStaticText(parent, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(control, 1, wxEXPAND);
    fields_.push_back({key, control});
    return control;
}

void PreferencesDialog::show_license() {
    try {
        license_->SetLabel(utf8("License: " + license_summary(Licensing(profile_).status())));
    } catch (const std::exception& error) {
        license_->SetLabel(utf8(std::string("The license state cannot be read: ") + error.what()));
    }
    Layout();
}

bool PreferencesDialog::apply() {
    // Every value is checked on a copy first, so one bad field writes nothing.
    Settings candidate = profile_.settings();
    const std::string proxy = trimmed(proxy_);
    for (const auto& field : fields_) {
        // The system prompt keeps its spaces and line breaks as typed.
        const std::string value =
            field.key == "chat.system_prompt" ? field.control->GetValue().utf8_string() : trimmed(field.control);
        try {
            if (field.control == proxy_) {
                Settings(candidate).set(field.key, value);
            } else {
                candidate.set(field.key, value);
            }
        } catch (const SettingsError& e) {
            wxMessageBox(utf8(e.what()), "Parley: this setting is not allowed", wxOK | wxICON_ERROR, this);
            field.control->SetFocus();
            field.control->SelectAll();
            return false;
        }
    }
    candidate.set("update.channel", channel_->GetStringSelection().utf8_string());
    candidate.set("update.auto_check", auto_check_->GetValue() ? "true" : "false");
    const bool proxy_changed = proxy != profile_.settings().get("network.proxy");
    try {
        profile_.settings() = candidate;
        profile_.settings().save();
        // A password in the proxy URL goes to the credential store, never
        // to the settings file.
        if (proxy_changed) profile_.set_proxy(proxy, ask_vault_passphrase);
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley cannot save the settings", wxOK | wxICON_ERROR, this);
        return false;
    }
    return true;
}

}  // namespace parley

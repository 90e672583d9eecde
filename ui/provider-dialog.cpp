#include "provider-dialog.h"

#include "provider-setup-view.h"
#include "vault-passphrase-prompt.h"

#include <wx/button.h>
#include <wx/listbox.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace parley {

namespace {
wxString utf8(const std::string& text) {
    return wxString::FromUTF8(text.data(), text.size());
}
}  // namespace

ProviderDialog::ProviderDialog(wxWindow* parent, Profile& profile)
    : wxDialog(parent, wxID_ANY, "Providers and Keys", wxDefaultPosition, wxSize(820, 480),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      profile_(profile) {
    auto* left = new wxBoxSizer(wxVERTICAL);
    list_ = new wxListBox(this, wxID_ANY);
    list_->SetName("configured providers");
    auto* add = new wxButton(this, wxID_ANY, "&Add Provider");
    auto* remove_provider = new wxButton(this, wxID_ANY, "&Remove Provider");
    auto* remove_key = new wxButton(this, wxID_ANY, "Remove Ke&y");
    key_status_ = new wxStaticText(this, wxID_ANY, "");
    left->Add(new wxStaticText(this, wxID_ANY, "Configured"), 0, wxBOTTOM, 4);
    left->Add(list_, 1, wxEXPAND | wxBOTTOM, 6);
    left->Add(key_status_, 0, wxEXPAND | wxBOTTOM, 6);
    left->Add(add, 0, wxEXPAND | wxBOTTOM, 4);
    left->Add(remove_provider, 0, wxEXPAND | wxBOTTOM, 4);
    left->Add(remove_key, 0, wxEXPAND);

    setup_ = new ProviderSetupView(this, profile_, [this](const std::string& id, const std::string&) { reload(id); });
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    top->Add(left, 1, wxEXPAND | wxALL, 8);
    top->Add(setup_, 3, wxEXPAND | wxALL, 8);
    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(top, 1, wxEXPAND);
    outer->Add(CreateButtonSizer(wxCLOSE), 0, wxEXPAND | wxALL, 8);
    SetSizer(outer);

    list_->Bind(wxEVT_LISTBOX, [this](wxCommandEvent&) { on_select(); });
    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        list_->SetSelection(wxNOT_FOUND);
        key_status_->SetLabel("");
        setup_->start_new();
    });
    remove_provider->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_remove_provider(); });
    remove_key->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_remove_key(); });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); }, wxID_CLOSE);
    reload("");
}

void ProviderDialog::reload(const std::string& select_id) {
    list_->Clear();
    for (const auto& p : profile_.settings().providers()) {
        list_->Append(utf8(p.id));
        if (p.id == select_id) list_->SetSelection(static_cast<int>(list_->GetCount()) - 1);
    }
    on_select();
}

void ProviderDialog::on_select() {
    const auto provider = profile_.settings().provider(list_->GetStringSelection().utf8_string());
    if (!provider) {
        key_status_->SetLabel("");
        setup_->start_new();
        return;
    }
    setup_->edit(*provider);
    show_key_status(provider->id);
}

void ProviderDialog::show_key_status(const std::string& id) {
    const auto provider = profile_.settings().provider(id);
    if (!provider) return;
    try {
        const auto resolved = profile_.key_resolver(ask_vault_passphrase).resolve(*provider);
        wxString status = "Key: " + utf8(to_string(resolved.source));
        if (!resolved.detail.empty()) status += " (" + utf8(resolved.detail) + ")";
        key_status_->SetLabel(status);
    } catch (const std::exception& e) {
        key_status_->SetLabel(utf8(e.what()));
    }
    key_status_->Wrap(list_->GetSize().GetWidth());
    Layout();
}

void ProviderDialog::on_remove_provider() {
    const std::string id = list_->GetStringSelection().utf8_string();
    if (id.empty()) return;
    profile_.settings().remove_provider(id);
    try {
        profile_.settings().save();
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
    }
    reload("");
}

void ProviderDialog::on_remove_key() {
    const std::string id = list_->GetStringSelection().utf8_string();
    if (id.empty()) return;
    try {
        profile_.os_store().remove(id);
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
    }
    show_key_status(id);
}

}  // namespace parley

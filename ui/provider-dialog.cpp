#include "provider-dialog.h"

#include "providers/provider-presets.h"
#include "vault-passphrase-prompt.h"
#include "vault/key-text.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listbox.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace parley {

namespace {
wxString utf8(const std::string& text) { return wxString::FromUTF8(text.data(), text.size()); }
const char* const kKinds[] = {"openai", "anthropic", "gemini", "openai-compatible"};
}  // namespace

ProviderDialog::ProviderDialog(wxWindow* parent, Profile& profile)
    : wxDialog(parent, wxID_ANY, "Providers and Keys", wxDefaultPosition, wxSize(640, 420),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      profile_(profile) {
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    list_ = new wxListBox(this, wxID_ANY);
    top->Add(list_, 1, wxEXPAND | wxALL, 8);

    auto* form = new wxFlexGridSizer(2, 6, 6);
    form->AddGrowableCol(1);
    id_ = new wxTextCtrl(this, wxID_ANY);
    kind_ = new wxChoice(this, wxID_ANY);
    for (const char* kind : kKinds) kind_->Append(kind);
    kind_->SetSelection(0);
    base_url_ = new wxTextCtrl(this, wxID_ANY);
    base_url_->SetHint("default for the kind");
    model_ = new wxTextCtrl(this, wxID_ANY);
    key_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD);
    key_->SetHint("paste a new key to store or replace it");
    key_status_ = new wxStaticText(this, wxID_ANY, "");
    form->Add(new wxStaticText(this, wxID_ANY, "ID"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(id_, 1, wxEXPAND);
    form->Add(new wxStaticText(this, wxID_ANY, "Kind"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(kind_, 1, wxEXPAND);
    form->Add(new wxStaticText(this, wxID_ANY, "Base URL"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(base_url_, 1, wxEXPAND);
    form->Add(new wxStaticText(this, wxID_ANY, "Model"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(model_, 1, wxEXPAND);
    form->Add(new wxStaticText(this, wxID_ANY, "API key"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(key_, 1, wxEXPAND);
    form->AddSpacer(0);
    form->Add(key_status_, 1, wxEXPAND);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* save_provider = new wxButton(this, wxID_ANY, "Save Provider");
    auto* remove_provider = new wxButton(this, wxID_ANY, "Remove Provider");
    auto* save_key = new wxButton(this, wxID_ANY, "Store Key");
    auto* remove_key = new wxButton(this, wxID_ANY, "Remove Key");
    buttons->Add(save_provider, 0, wxRIGHT, 4);
    buttons->Add(remove_provider, 0, wxRIGHT, 12);
    buttons->Add(save_key, 0, wxRIGHT, 4);
    buttons->Add(remove_key, 0);

    auto* right = new wxBoxSizer(wxVERTICAL);
    right->Add(form, 0, wxEXPAND | wxALL, 8);
    right->Add(buttons, 0, wxALL, 8);
    right->AddStretchSpacer();
    right->Add(CreateButtonSizer(wxCLOSE), 0, wxEXPAND | wxALL, 8);
    top->Add(right, 2, wxEXPAND);
    SetSizer(top);

    list_->Bind(wxEVT_LISTBOX, [this](wxCommandEvent&) { on_select(); });
    save_provider->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_save_provider(); });
    remove_provider->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_remove_provider(); });
    save_key->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_save_key(); });
    remove_key->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_remove_key(); });
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); }, wxID_CLOSE);
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
    const auto profile = profile_.settings().provider(list_->GetStringSelection().utf8_string());
    if (!profile) {
        key_status_->SetLabel("");
        return;
    }
    id_->SetValue(utf8(profile->id));
    kind_->SetStringSelection(utf8(std::string(to_string(profile->kind))));
    base_url_->SetValue(utf8(profile->base_url));
    model_->SetValue(utf8(profile->default_model));
    key_->Clear();
    show_key_status(profile->id);
}

void ProviderDialog::show_key_status(const std::string& id) {
    const auto profile = profile_.settings().provider(id);
    if (!profile) return;
    try {
        const auto resolved = profile_.key_resolver([this] { return ask_vault_passphrase(this); }).resolve(*profile);
        wxString status = "Key: " + utf8(to_string(resolved.source));
        if (!resolved.detail.empty()) status += " (" + utf8(resolved.detail) + ")";
        key_status_->SetLabel(status);
    } catch (const std::exception& e) {
        key_status_->SetLabel(utf8(e.what()));
    }
}

void ProviderDialog::on_save_provider() {
    ProviderProfile profile;
    profile.id = id_->GetValue().utf8_string();
    profile.kind = parse_provider_kind(kind_->GetStringSelection().utf8_string()).value_or(ProviderKind::openai);
    profile.base_url = base_url_->GetValue().utf8_string();
    profile.default_model = model_->GetValue().utf8_string();
    if (profile.default_model.empty()) profile.default_model = std::string(default_preset(profile.kind).default_model);
    if (const std::string risk = clear_text_key_risk(profile); !risk.empty()) {
        const int answer = wxMessageBox(utf8(risk + ".\n\nSave this provider anyway?"), "Parley",
                                        wxYES_NO | wxNO_DEFAULT | wxICON_WARNING, this);
        if (answer != wxYES) return;
        profile.allow_insecure_http = true;
    }
    try {
        if (profile.effective_base_url().empty()) throw SettingsError("this kind needs a base URL");
        profile_.settings().put_provider(profile);
        profile_.settings().save();
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
        return;
    }
    reload(profile.id);
}

void ProviderDialog::on_remove_provider() {
    const std::string id = list_->GetStringSelection().utf8_string();
    if (id.empty()) return;
    profile_.settings().remove_provider(id);
    profile_.settings().save();
    reload("");
}

void ProviderDialog::on_save_key() {
    const std::string id = id_->GetValue().utf8_string();
    wxString typed = key_->GetValue();
    const Secret key(typed.Trim().Trim(false).utf8_string());
    typed.assign(typed.length(), wxUniChar(' '));
    key_->Clear();
    if (id.empty() || key.empty()) return;
    if (const std::string problem = key_text_problem(key.view()); !problem.empty()) {
        wxMessageBox(utf8(problem + "; nothing was stored."), "Parley", wxOK | wxICON_ERROR, this);
        return;
    }
    try {
        auto& store = profile_.os_store();
        if (!store.is_available()) {
            throw CredentialError(CredentialError::Kind::unavailable,
                                  "no OS credential store is available (" + store.name() +
                                      "); start a keyring, or use `parley-cli key set " + id + " --store file`");
        }
        store.store(id, key);
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
        return;
    }
    show_key_status(id);
}

void ProviderDialog::on_remove_key() {
    const std::string id = id_->GetValue().utf8_string();
    if (id.empty()) return;
    try {
        profile_.os_store().remove(id);
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
    }
    show_key_status(id);
}

}  // namespace parley

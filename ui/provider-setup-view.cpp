#include "provider-setup-view.h"

#include "providers/provider-check.h"
#include "providers/provider-client.h"
#include "providers/provider-presets.h"
#include "vault-passphrase-prompt.h"
#include "vault/key-text.h"

#include <wx/button.h>
#include <wx/combobox.h>
#include <wx/listbox.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <vector>

namespace parley {

namespace {

wxString utf8(std::string_view text) {
    return wxString::FromUTF8(text.data(), text.size());
}

// The names people know the services by, in the order of provider_presets().
struct PresetLabel {
    std::string_view preset;
    const char* label;
};
constexpr PresetLabel kLabels[] = {
    {"openai", "OpenAI"},
    {"anthropic", "Anthropic"},
    {"gemini", "Google Gemini"},
    {"ollama", "Ollama (local)"},
    {"lmstudio", "LM Studio (local)"},
    {"openrouter", "OpenRouter"},
    {"groq", "Groq"},
    {"mistral", "Mistral"},
    {"deepseek", "DeepSeek"},
    {"xai", "xAI"},
    {"together", "Together"},
    {"azure", "Azure OpenAI"},
    {"openai-compatible", "Custom (OpenAI-compatible)"},
};

std::string label_of(std::string_view preset) {
    for (const auto& entry : kLabels) {
        if (entry.preset == preset) return entry.label;
    }
    return std::string(preset);
}

// Ollama and LM Studio listen on this machine and take no key.
bool is_local(const ProviderPreset& preset) {
    return preset.base_url.starts_with("http://127.0.0.1") || preset.base_url.starts_with("http://localhost");
}

// Only these have no fixed endpoint.
bool has_own_url(const ProviderPreset& preset) {
    return preset.base_url.empty();
}

// The id a new provider gets: the preset's name ("custom" for a custom
// server), numbered when that id is taken.
std::string new_provider_id(const Settings& settings, std::string_view preset) {
    const std::string base = preset == "openai-compatible" ? "custom" : std::string(preset);
    std::string id = base;
    for (int n = 2; settings.provider(id); ++n) id = base + "-" + std::to_string(n);
    return id;
}

Secret take_typed_key(wxTextCtrl* field) {
    wxString typed = field->GetValue();
    Secret key(typed.Trim().Trim(false).utf8_string());
    typed.assign(typed.length(), wxUniChar(' '));
    return key;
}

struct TestResult {
    std::vector<std::string> models;
    std::string list_error;
    ProviderCheck check;
};

}  // namespace

ProviderSetupView::ProviderSetupView(wxWindow* parent, Profile& profile,
                                     std::function<void(const std::string&, const std::string&)> on_saved)
    : wxPanel(parent, wxID_ANY), profile_(profile), on_saved_(std::move(on_saved)) {
    presets_ = new wxListBox(this, wxID_ANY);
    presets_->SetName("presets");
    for (const auto& preset : provider_presets()) presets_->Append(utf8(label_of(preset.name)));
    base_url_ = new wxTextCtrl(this, wxID_ANY);
    base_url_->SetName("base URL");
    key_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD);
    key_->SetName("API key");
    key_note_ = new wxStaticText(this, wxID_ANY, "");
    model_ = new wxComboBox(this, wxID_ANY);
    model_->SetName("model");
    test_ = new wxButton(this, wxID_ANY, "&Test");
    save_ = new wxButton(this, wxID_ANY, "&Save Provider");
    status_ = new wxStaticText(this, wxID_ANY, "");
    status_->SetName("setup status");

    auto* form = new wxFlexGridSizer(2, 6, 8);
    form->AddGrowableCol(1);
    form->Add(new wxStaticText(this, wxID_ANY, "&Base URL"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(base_url_, 1, wxEXPAND);
    form->Add(new wxStaticText(this, wxID_ANY, "API &key"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(key_, 1, wxEXPAND);
    form->AddSpacer(0);
    form->Add(key_note_, 1, wxEXPAND);
    form->Add(new wxStaticText(this, wxID_ANY, "&Model"), 0, wxALIGN_CENTER_VERTICAL);
    form->Add(model_, 1, wxEXPAND);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(test_, 0, wxRIGHT, 6);
    buttons->Add(save_, 0);

    auto* right = new wxBoxSizer(wxVERTICAL);
    right->Add(form, 0, wxEXPAND | wxBOTTOM, 8);
    right->Add(buttons, 0, wxBOTTOM, 8);
    right->Add(status_, 0, wxEXPAND);
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    left->Add(new wxStaticText(this, wxID_ANY, "&Provider"), 0, wxBOTTOM, 4);
    left->Add(presets_, 1, wxEXPAND);
    top->Add(left, 1, wxEXPAND | wxRIGHT, 12);
    top->Add(right, 2, wxEXPAND);
    SetSizer(top);

    presets_->Bind(wxEVT_LISTBOX, [this](wxCommandEvent&) { on_preset_selected(); });
    test_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_test(); });
    save_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_save(); });
    start_new();
}

ProviderSetupView::~ProviderSetupView() = default;

void ProviderSetupView::start_new() {
    task_.reset();
    editing_id_.reset();
    presets_->Enable();
    presets_->SetSelection(0);
    on_preset_selected();
    set_status("");
}

void ProviderSetupView::edit(const ProviderProfile& provider) {
    task_.reset();
    editing_id_ = provider.id;
    const std::string preset = provider.preset.empty() ? std::string(to_string(provider.kind)) : provider.preset;
    const auto presets = provider_presets();
    const auto at = std::find_if(presets.begin(), presets.end(), [&](const auto& p) { return p.name == preset; });
    presets_->SetSelection(at == presets.end() ? static_cast<int>(presets.size()) - 1
                                               : static_cast<int>(at - presets.begin()));
    on_preset_selected();
    // A provider keeps its preset: changing it is adding another provider.
    presets_->Disable();
    base_url_->ChangeValue(utf8(provider.effective_base_url()));
    model_->SetValue(utf8(provider.default_model));
    key_->SetHint("a key is kept if stored; type one to replace it");
    set_status("");
}

void ProviderSetupView::on_preset_selected() {
    const int index = presets_->GetSelection();
    if (index == wxNOT_FOUND) return;
    const ProviderPreset& preset = provider_presets()[static_cast<std::size_t>(index)];
    base_url_->ChangeValue(utf8(preset.base_url));
    base_url_->SetEditable(has_own_url(preset));
    base_url_->SetHint(preset.name == "azure" ? "https://RESOURCE.openai.azure.com" : "http://127.0.0.1:8080/v1");
    const bool local = is_local(preset);
    key_->Clear();
    key_->Enable(!local);
    key_->SetHint(preset.name == "openai-compatible" ? "optional for a server on this machine" : "paste your key");
    key_note_->SetLabel(local ? "No key needed for a server on this machine" : "Kept in your system's keyring");
    model_->Clear();
    model_->SetValue(utf8(preset.default_model));
    set_status("");
    Layout();
}

ProviderProfile ProviderSetupView::profile_from_form() const {
    const ProviderPreset& preset = provider_presets()[static_cast<std::size_t>(std::max(0, presets_->GetSelection()))];
    ProviderProfile provider;
    provider.id = editing_id_.value_or(new_provider_id(profile_.settings(), preset.name));
    provider.kind = preset.kind;
    provider.preset = preset.name == to_string(preset.kind) ? "" : std::string(preset.name);
    if (has_own_url(preset)) provider.base_url = base_url_->GetValue().Trim().Trim(false).utf8_string();
    provider.default_model = chosen_model();
    return provider;
}

std::string ProviderSetupView::chosen_model() const {
    return model_->GetValue().Trim().Trim(false).utf8_string();
}

void ProviderSetupView::set_status(const std::string& text) {
    status_->SetLabel(utf8(text));
    status_->Wrap(std::max(200, status_->GetParent()->GetClientSize().GetWidth() / 2));
    Layout();
}

void ProviderSetupView::on_test() {
    if (task_ && !task_->finished()) return;
    const ProviderProfile provider = profile_from_form();
    if (provider.effective_base_url().empty()) {
        set_status("Enter the server's base URL first.");
        return;
    }
    auto key = std::make_shared<Secret>(take_typed_key(key_));
    NetworkOptions network;
    try {
        if (key->empty() && editing_id_) {
            *key = profile_.key_resolver(ask_vault_passphrase).resolve(provider).key;
        }
        network = profile_.network_options(ask_vault_passphrase);
    } catch (const std::exception& e) {
        set_status(e.what());
        return;
    }
    set_status("Testing " + provider.effective_base_url() + "…");
    test_->Disable();
    task_ = start_task<TestResult>(
        [provider, network, key, model = chosen_model()](TaskContext& task) {
            TestResult result;
            // The list first: it fills the picker, and names a model to test
            // when the preset has no default (LM Studio, a custom server).
            try {
                result.models = ProviderClient(provider, network).list_models(*key, task.cancel_token());
            } catch (const ProviderError& e) {
                result.list_error = e.what();
            }
            std::string chosen = model;
            if (chosen.empty() && !result.models.empty()) chosen = result.models.front();
            if (chosen.empty()) {
                throw std::runtime_error(result.list_error.empty() ? "the server lists no models; type one"
                                                                   : result.list_error);
            }
            result.check = check_provider(provider, network, chosen, *key, task.cancel_token());
            return result;
        },
        [this](TaskOutcome<TestResult> outcome) {
            test_->Enable();
            if (!outcome.value) {
                set_status("Test failed: " + outcome.error_text());
                return;
            }
            const TestResult& result = *outcome.value;
            const wxString typed = model_->GetValue();
            model_->Clear();
            for (const auto& model : result.models) model_->Append(utf8(model));
            model_->SetValue(typed.empty() ? utf8(result.check.model) : typed);
            std::string text = "Works: " + result.check.label + " answered with " + result.check.model + ".";
            if (!result.models.empty()) text += " " + std::to_string(result.models.size()) + " models listed.";
            set_status(text);
        });
    // The typed key stays in the field for Save.
}

CredentialStore* ProviderSetupView::file_vault_instead(const std::string& missing_store) {
    // The same fallback as `parley-cli key set ID --store file`: an existing
    // vault is simply used; creating one is a choice the user makes here.
    if (profile_.has_file_vault()) return &profile_.file_vault(ask_vault_passphrase);
    const wxString question = utf8("No OS credential store is available (" + missing_store +
                                   " is not running).\n\nKeep the key in an encrypted file vault instead? You "
                                   "choose its passphrase now, and Parley asks for it once each time it starts.");
    if (wxMessageBox(question, "Keep the key in a file vault?", wxYES_NO | wxICON_QUESTION, this) != wxYES) {
        return nullptr;
    }
    return &profile_.file_vault(ask_new_vault_passphrase);
}

void ProviderSetupView::on_save() {
    ProviderProfile provider = profile_from_form();
    if (provider.effective_base_url().empty()) {
        set_status("Enter the server's base URL first.");
        return;
    }
    if (!provider.base_url.empty() && !provider.base_url.starts_with("http://") &&
        !provider.base_url.starts_with("https://")) {
        set_status("The base URL must start with http:// or https://.");
        return;
    }
    if (const std::string risk = clear_text_key_risk(provider); !risk.empty()) {
        set_status("Refused: " + risk + ". Use https://, or add it with parley-cli --allow-insecure-http.");
        return;
    }
    const Secret key = take_typed_key(key_);
    if (const std::string problem = key_text_problem(key.view()); !key.empty() && !problem.empty()) {
        set_status(problem + "; nothing was saved.");
        return;
    }
    const bool needs_key = provider.kind != ProviderKind::openai_compatible;
    CredentialStore* stored_in = nullptr;
    const auto previous = profile_.settings().provider(provider.id);
    try {
        if (!key.empty()) {
            CredentialStore* store = &profile_.os_store();
            if (!store->is_available()) {
                store = file_vault_instead(store->name());
                if (!store) {
                    set_status("Nothing was saved: no OS credential store is available (" + profile_.os_store().name() +
                               "). Start a keyring, or keep the key in a file vault.");
                    return;
                }
            }
            store->store(provider.id, key);
            stored_in = store;
        } else if (needs_key &&
                   profile_.key_resolver(ask_vault_passphrase).resolve(provider).source == KeySource::missing) {
            set_status("Paste the API key for " +
                       label_of(provider.preset.empty() ? to_string(provider.kind) : provider.preset) + " first.");
            return;
        }
        profile_.settings().put_provider(provider);
        profile_.settings().save();
    } catch (const std::exception& e) {
        // A key stored for a provider that could not be saved would be found
        // by the next provider of that id; take it back.
        if (stored_in) {
            try {
                stored_in->remove(provider.id);
            } catch (const std::exception&) {
            }
        }
        if (previous) {
            profile_.settings().put_provider(*previous);
        } else {
            profile_.settings().remove_provider(provider.id);
        }
        set_status(e.what());
        return;
    }
    key_->Clear();
    set_status("Saved " + provider.id + ".");
    if (on_saved_) on_saved_(provider.id, provider.default_model);
}

}  // namespace parley

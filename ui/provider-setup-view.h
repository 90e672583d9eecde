#pragma once

#include "background-task.h"
#include "profile/profile.h"

#include <wx/panel.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

class wxButton;
class wxComboBox;
class wxListBox;
class wxStaticText;
class wxTextCtrl;

namespace parley {

// Sets up one provider the way a newcomer expects: pick a preset (OpenAI,
// Anthropic, … Ollama, custom OpenAI-compatible), paste its key (no key for
// a local server), Test (the same check as `parley-cli provider test`, after
// fetching the model list into the picker), Save. The id comes from the
// preset; the base URL is the preset's and can be edited only for a custom
// server and Azure. Used by the first-run welcome pane and by the Providers
// and Keys dialog. Saving stores the provider and the typed key together.
class ProviderSetupView final : public wxPanel {
public:
    // `on_saved` gets the saved provider's id and the chosen model.
    ProviderSetupView(wxWindow* parent, Profile& profile,
                      std::function<void(const std::string& id, const std::string& model)> on_saved);
    ~ProviderSetupView() override;

    // Starts over for a new provider.
    void start_new();
    // Edits a configured provider: its key stays unless a new one is typed.
    void edit(const ProviderProfile& provider);

private:
    void on_preset_selected();
    void on_test();
    void on_save();
    // Where the key goes when the OS has no credential store: the file vault,
    // if there is one or the user agrees to create it; else nothing.
    CredentialStore* file_vault_instead(const std::string& missing_store);
    void set_status(const std::string& text);
    ProviderProfile profile_from_form() const;
    std::string chosen_model() const;

    Profile& profile_;
    std::function<void(const std::string&, const std::string&)> on_saved_;
    std::optional<std::string> editing_id_;
    wxListBox* presets_ = nullptr;
    wxTextCtrl* base_url_ = nullptr;
    wxTextCtrl* key_ = nullptr;
    wxStaticText* key_note_ = nullptr;
    wxComboBox* model_ = nullptr;
    wxButton* test_ = nullptr;
    wxButton* save_ = nullptr;
    wxStaticText* status_ = nullptr;
    std::unique_ptr<BackgroundTask> task_;
};

}  // namespace parley

#pragma once

#include "profile/profile.h"

#include <wx/dialog.h>

class wxListBox;
class wxStaticText;

namespace parley {

class ProviderSetupView;

// File › Providers and Keys: the configured providers on the left; on the
// right the same setup view as the first-run welcome pane, for a new
// provider or the selected one. A stored key is never shown back.
class ProviderDialog final : public wxDialog {
public:
    ProviderDialog(wxWindow* parent, Profile& profile);

private:
    void reload(const std::string& select_id);
    void on_select();
    void on_remove_provider();
    void on_remove_key();
    void show_key_status(const std::string& id);

    Profile& profile_;
    wxListBox* list_ = nullptr;
    ProviderSetupView* setup_ = nullptr;
    wxStaticText* key_status_ = nullptr;
};

}  // namespace parley

#pragma once

#include "profile/profile.h"

#include <wx/dialog.h>

class wxChoice;
class wxListBox;
class wxStaticText;
class wxTextCtrl;

namespace parley {

// Adds, edits and removes providers, and stores or replaces their keys in
// the OS credential store. A stored key is never shown back.
class ProviderDialog final : public wxDialog {
public:
    ProviderDialog(wxWindow* parent, Profile& profile);

private:
    void reload(const std::string& select_id);
    void on_select();
    void on_save_provider();
    void on_remove_provider();
    void on_save_key();
    void on_remove_key();
    void show_key_status(const std::string& id);

    Profile& profile_;
    wxListBox* list_ = nullptr;
    wxTextCtrl* id_ = nullptr;
    wxChoice* kind_ = nullptr;
    wxTextCtrl* base_url_ = nullptr;
    wxTextCtrl* model_ = nullptr;
    wxTextCtrl* key_ = nullptr;
    wxStaticText* key_status_ = nullptr;
};

}  // namespace parley

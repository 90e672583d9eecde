#pragma once

#include "profile/profile.h"

#include <wx/dialog.h>

#include <string>
#include <vector>

class wxCheckBox;
class wxChoice;
class wxStaticText;
class wxTextCtrl;

namespace parley {

// Edit › Preferences (wxID_PREFERENCES, so macOS moves it to the app menu):
// chat defaults, network, appearance and updates, each field a config key
// of core's settings, and the license's state with a way to Help › License.
// OK writes them through core's validation: a value a key does not allow is
// named in an error, that field gets the focus, and nothing is written.
class PreferencesDialog final : public wxDialog {
public:
    PreferencesDialog(wxWindow* parent, Profile& profile);

private:
    struct Field {
        std::string key;
        wxTextCtrl* control;
    };
    wxTextCtrl* add_field(wxWindow* parent, wxSizer* grid, const std::string& key, const wxString& label,
                          const wxString& hint, long style = 0);
    bool apply();
    void show_license();

    Profile& profile_;
    std::vector<Field> fields_;
    wxTextCtrl* proxy_ = nullptr;
    wxChoice* channel_ = nullptr;
    wxCheckBox* auto_check_ = nullptr;
    wxStaticText* license_ = nullptr;
};

// The transcript's font size from appearance.font_size, or `system_size`.
int transcript_font_size(const Settings& settings, int system_size);

}  // namespace parley

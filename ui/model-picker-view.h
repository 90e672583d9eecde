#pragma once

#include "settings/settings.h"

#include <wx/panel.h>

#include <string>

class wxChoice;
class wxComboBox;

namespace parley {

// Which provider and model the next message goes to.
class ModelPickerView final : public wxPanel {
public:
    ModelPickerView(wxWindow* parent, const Settings& settings);

    // Lists the providers again, keeping the chosen one when it is still
    // there, else the default one. False when there is no provider at all.
    bool reload();
    std::string provider_id() const;
    std::string model() const;
    void set_busy(bool busy);

private:
    void on_provider_changed();

    const Settings& settings_;
    wxChoice* provider_ = nullptr;
    wxComboBox* model_ = nullptr;
};

}  // namespace parley

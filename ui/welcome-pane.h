#pragma once

#include "profile/profile.h"

#include <wx/panel.h>

#include <functional>
#include <string>

namespace parley {

// What the main window shows while no provider is configured: a short
// welcome and the provider setup view. `on_ready` gets the saved provider's
// id and model; the window then switches to the chat.
class WelcomePane final : public wxPanel {
public:
    WelcomePane(wxWindow* parent, Profile& profile,
                std::function<void(const std::string& id, const std::string& model)> on_ready);
};

}  // namespace parley

#include "welcome-pane.h"

#include "provider-setup-view.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

namespace parley {

WelcomePane::WelcomePane(wxWindow* parent, Profile& profile,
                         std::function<void(const std::string& id, const std::string& model)> on_ready)
    : wxPanel(parent, wxID_ANY) {
    SetName("welcome");
    auto* heading = new wxStaticText(this, wxID_ANY, "Welcome to Parley");
    heading->SetFont(heading->GetFont().Bold().Scaled(1.4f));
    auto* intro = new wxStaticText(
        this, wxID_ANY,
        wxString::FromUTF8("Choose where your messages go. They travel straight from this computer to that "
                           "provider; your key stays in your system's keyring. A server on this computer "
                           "(Ollama, LM Studio) needs no key. Test, then Save, and start chatting."));
    intro->Wrap(560);
    auto* setup = new ProviderSetupView(this, profile, std::move(on_ready));
    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(heading, 0, wxLEFT | wxRIGHT | wxTOP, 16);
    top->Add(intro, 0, wxALL, 16);
    top->Add(setup, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 16);
    SetSizer(top);
}

}  // namespace parley

#include "vault-passphrase-prompt.h"

#include <wx/app.h>
#include <wx/textdlg.h>
#include <wx/toplevel.h>
#include <wx/window.h>

#include <stdexcept>

namespace parley {

namespace {

Secret ask_passphrase(const wxString& question) {
    wxWindow* parent = wxGetActiveWindow();
    parent = parent ? wxGetTopLevelParent(parent) : wxTheApp->GetTopWindow();
    wxPasswordEntryDialog dialog(parent, question, "Parley");
    if (dialog.ShowModal() != wxID_OK) throw std::runtime_error("the key vault stays locked (cancelled)");
    wxString value = dialog.GetValue();
    Secret passphrase(value.utf8_string());
    value.assign(value.length(), wxUniChar(' '));
    return passphrase;
}

}  // namespace

Secret ask_vault_passphrase() {
    return ask_passphrase("Passphrase of the encrypted key vault:");
}

Secret ask_new_vault_passphrase() {
    Secret passphrase = ask_passphrase("Choose a passphrase for the new encrypted key vault:");
    if (passphrase.empty()) throw std::runtime_error("the key vault passphrase may not be empty; nothing was stored");
    const Secret again = ask_passphrase("Repeat the passphrase:");
    if (again.view() != passphrase.view()) throw std::runtime_error("the passphrases do not match; nothing was stored");
    return passphrase;
}

}  // namespace parley

#include "vault-passphrase-prompt.h"

#include <wx/app.h>
#include <wx/textdlg.h>
#include <wx/toplevel.h>
#include <wx/window.h>

#include <stdexcept>

namespace parley {

Secret ask_vault_passphrase() {
    wxWindow* parent = wxGetActiveWindow();
    parent = parent ? wxGetTopLevelParent(parent) : wxTheApp->GetTopWindow();
    wxPasswordEntryDialog dialog(parent, "Passphrase of the encrypted key vault:", "Parley");
    if (dialog.ShowModal() != wxID_OK) throw std::runtime_error("the key vault stays locked (cancelled)");
    wxString value = dialog.GetValue();
    Secret passphrase(value.utf8_string());
    value.assign(value.length(), wxUniChar(' '));
    return passphrase;
}

}  // namespace parley

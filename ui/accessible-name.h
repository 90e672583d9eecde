#pragma once

#include <wx/string.h>

class wxWindow;

namespace parley {

// Names a control for screen readers. wxWindow::SetName is only wx's own
// name; each toolkit takes the accessible name from elsewhere, so the
// per-toolkit file sets it where that toolkit's assistive technology reads it.
void set_accessible_name(wxWindow& window, const wxString& name);
// What a screen reader says after the name, such as the details of the item
// the control is on.
void set_accessible_description(wxWindow& window, const wxString& description);

}  // namespace parley

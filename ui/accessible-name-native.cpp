#include "accessible-name.h"

#include <wx/window.h>

namespace parley {

// Win32 (MSAA/UI Automation) and Cocoa read a control's accessible name from
// its window name and the label placed before it in the tab order, which the
// views keep beside every control.
void set_accessible_name(wxWindow& window, const wxString& name) {
    window.SetName(name);
}

// Win32 and Cocoa give a control's tooltip as its description, and the
// views that describe an item set the tooltip to the same text.
void set_accessible_description(wxWindow&, const wxString&) {}

}  // namespace parley

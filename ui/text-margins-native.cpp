#include "text-margins.h"

#include <wx/textctrl.h>

namespace parley {

// Windows' edit controls take a left and a right margin, set together; a top
// one is not theirs to set.
void set_text_margins(wxTextCtrl& text, int pixels) {
    text.SetMargins(pixels, -1);
}

// Without the left margin there is no right one either: the text runs'
// indent keeps it off the left of the frame.
void set_text_margins_except_left(wxTextCtrl&, int) {}

}  // namespace parley

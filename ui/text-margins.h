#pragma once

class wxTextCtrl;

namespace parley {

// Space between a multi-line text control's frame and its text, as native
// editors leave it, so that text does not touch the frame. Per toolkit:
// text-margins-gtk.cpp, text-margins-native.cpp.
void set_text_margins(wxTextCtrl& text, int pixels);

// The same but for the left side, for a control whose every run sets its own
// left indent and so its own inset: GTK's per-run tags replace the view's
// left margin, and Windows adds paragraph indents to the control's.
void set_text_margins_except_left(wxTextCtrl& text, int pixels);

// That left inset, in wxTextAttr's indent unit (tenths of a millimetre):
// about ten pixels on a 96 dpi screen.
constexpr int kRunLeftInset = 26;

}  // namespace parley

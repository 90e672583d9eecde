#include "text-margins.h"

#include <gtk/gtk.h>
#include <wx/textctrl.h>

namespace parley {

namespace {

GtkTextView* text_view_of(wxTextCtrl& text) {
    GtkWidget* widget = text.GetConnectWidget();
    return widget != nullptr && GTK_IS_TEXT_VIEW(widget) ? GTK_TEXT_VIEW(widget) : nullptr;
}

}  // namespace

// The view's own margins: wxTextCtrl::SetMargins leaves out the right one,
// which matters as much once a long line wraps. (Border windows would paint
// the strips in another shade than the text's background.)
void set_text_margins_except_left(wxTextCtrl& text, int pixels) {
    GtkTextView* view = text_view_of(text);
    if (view == nullptr) return;
    gtk_text_view_set_right_margin(view, pixels);
    gtk_text_view_set_top_margin(view, pixels);
    gtk_text_view_set_bottom_margin(view, pixels);
}

void set_text_margins(wxTextCtrl& text, int pixels) {
    set_text_margins_except_left(text, pixels);
    if (GtkTextView* view = text_view_of(text)) gtk_text_view_set_left_margin(view, pixels);
}

}  // namespace parley

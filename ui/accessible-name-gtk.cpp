#include "accessible-name.h"

#include <gtk/gtk.h>
#include <wx/window.h>

namespace parley {

namespace {

void name_widget(GtkWidget* widget, const wxString& name) {
    if (widget == nullptr) return;
    if (AtkObject* accessible = gtk_widget_get_accessible(widget)) atk_object_set_name(accessible, name.utf8_str());
}

void describe_widget(GtkWidget* widget, const wxString& description) {
    if (widget == nullptr) return;
    if (AtkObject* accessible = gtk_widget_get_accessible(widget)) {
        atk_object_set_description(accessible, description.utf8_str());
    }
}

}  // namespace

// GTK's AT-SPI bridge reads the ATK object's name. A control that has no
// label of its own (a text view, a combo box, a list) has none unless given
// one here; a multi-line text control's handle is its scrolled window, so the
// text view inside (the connect widget) is named too.
void set_accessible_name(wxWindow& window, const wxString& name) {
    window.SetName(name);
    name_widget(window.GetHandle(), name);
    if (window.GetConnectWidget() != window.GetHandle()) name_widget(window.GetConnectWidget(), name);
}

void set_accessible_description(wxWindow& window, const wxString& description) {
    describe_widget(window.GetHandle(), description);
    if (window.GetConnectWidget() != window.GetHandle()) describe_widget(window.GetConnectWidget(), description);
}

}  // namespace parley

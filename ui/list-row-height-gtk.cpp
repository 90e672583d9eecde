#include "list-row-height.h"

#include <gtk/gtk.h>
#include <wx/listbox.h>

namespace parley {

// A GtkTreeView measures every row (shaping its text) before it answers
// events, unless in fixed-height mode: with 10,000 conversations that is a
// fifth of a second at start and after each reload. Fixed-height mode needs
// fixed-size columns; each expands to the view's width, so nothing scrolls
// sideways that did not before.
void use_uniform_row_height(wxListBox& list) {
    GtkWidget* widget = list.GetConnectWidget();
    if (!GTK_IS_TREE_VIEW(widget)) return;
    GtkTreeView* view = GTK_TREE_VIEW(widget);
    GList* columns = gtk_tree_view_get_columns(view);
    for (GList* c = columns; c != nullptr; c = c->next) {
        auto* column = GTK_TREE_VIEW_COLUMN(c->data);
        gtk_tree_view_column_set_sizing(column, GTK_TREE_VIEW_COLUMN_FIXED);
        gtk_tree_view_column_set_fixed_width(column, 1);
        gtk_tree_view_column_set_expand(column, TRUE);
    }
    g_list_free(columns);
    gtk_tree_view_set_fixed_height_mode(view, TRUE);
}

}  // namespace parley

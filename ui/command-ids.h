#pragma once

#include <wx/defs.h>

namespace parley {

// Menu commands of the main window. A view's context menu uses the same ids:
// its commands travel up to the frame's handlers like the menu bar's.
enum CommandId {
    id_new = wxID_HIGHEST + 1,
    id_delete,
    id_copy_conversation,
    id_providers,
    id_stop,
    id_regenerate,
    id_previous_branch,
    id_next_branch,
    id_import,
    id_export,
    id_find,
    id_rename,
    id_pin,
    id_archive,
    id_show_archived,
    id_license,
    id_check_updates,
    id_copy_message,
    id_copy_markdown,
    id_copy_code,
    id_edit_message,
    id_delete_message,
    id_export_all
};

}  // namespace parley

#pragma once

#include "profile/profile.h"

#include <wx/string.h>

#include <cstdint>

class wxWindow;

namespace parley {

// File › Import Conversations…: asks for a file and imports it on a worker
// thread behind a progress window with counts and Cancel; a cancelled or
// failed import leaves nothing behind (one transaction). True when
// conversations were added.
bool import_conversations(wxWindow* parent, Profile& profile);

// File › Export Conversation…: asks for a file and a format (Markdown of the
// shown branch, or JSON of every branch) and writes it on a worker thread.
// Returns the status line to show, or "" when the user chose nothing.
wxString export_conversation(wxWindow* parent, Profile& profile, std::int64_t conversation_id);

// File › Export All Conversations…: every conversation as one Parley archive
// (Import reads it back), written on a worker thread behind a progress
// window that counts the conversations and messages written; Cancel leaves
// no file. Says how it ended in a message box, as the import does.
void export_all_conversations(wxWindow* parent, Profile& profile);

}  // namespace parley

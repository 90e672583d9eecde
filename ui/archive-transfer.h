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

}  // namespace parley

#pragma once

#include <wx/iconbndl.h>

namespace parley {

// The app icon at every size built into the binary, for the windows' title bars and task switchers.
wxIconBundle app_icon_bundle();

}  // namespace parley

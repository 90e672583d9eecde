#pragma once

#include "settings/profile-paths.h"

namespace parley {

// The OS's conventional locations for the default (non-portable) profile:
// XDG base directories on Linux, %APPDATA%/%LOCALAPPDATA% on Windows,
// ~/Library/Application Support on macOS.
ProfilePaths default_profile_paths();

}  // namespace parley

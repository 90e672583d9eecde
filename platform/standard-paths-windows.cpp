#include "standard-paths.h"

#include <shlobj.h>
#include <windows.h>

namespace parley {

namespace {
std::filesystem::path known_folder(REFKNOWNFOLDERID id) {
    PWSTR raw = nullptr;
    std::filesystem::path path;
    if (SUCCEEDED(::SHGetKnownFolderPath(id, KF_FLAG_CREATE, nullptr, &raw))) path = raw;
    ::CoTaskMemFree(raw);
    return path;
}
}  // namespace

ProfilePaths default_profile_paths() {
    ProfilePaths paths;
    // Settings roam with the user; history and logs stay on this machine.
    paths.config_dir = known_folder(FOLDERID_RoamingAppData) / "Parley";
    paths.data_dir = known_folder(FOLDERID_LocalAppData) / "Parley";
    paths.state_dir = paths.data_dir / "State";
    paths.profile_id = "default";
    return paths;
}

}  // namespace parley

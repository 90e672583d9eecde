#!/bin/sh
# Removes the per-user Parley that install.sh put in place: every installed version, the
# desktop entry, the icons and the ~/.local/bin links. Settings, history and keys are the
# user's and stay: the default install root is also where the history lives, so only the
# install's own entries in it go (see the README to remove the rest too).
set -eu

app_id=io.parley.Parley
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
root=${PARLEY_INSTALL_ROOT:-$data_home/parley}
bin_dir=$HOME/.local/bin

for program in parley parley-cli parley-updater; do
    link=$bin_dir/$program
    if [ -L "$link" ]; then
        case $(readlink "$link") in
            "$root"/*) rm -f "$link" ;;
        esac
    fi
done
rm -f "$data_home/applications/$app_id.desktop"
for icon in "$data_home"/icons/hicolor/*/apps/$app_id.*; do
    [ -e "$icon" ] && rm -f "$icon"
done
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data_home/applications" ]; then
    update-desktop-database -q "$data_home/applications" || true
fi
rm -rf "$root/versions" "$root/current" "$root/current.new"
rmdir "$root" 2>/dev/null || true
echo "Parley removed from $root"

#!/usr/bin/env bash
# Runs a Windows program under wine64 in a throwaway WINEPREFIX, no display:
#   run-under-wine.sh PROGRAM.exe [arguments...]
# Exits with the program's exit code, or 1 when wine or the program is
# missing: CI must not pass by skipping (`scripts/dev.sh windows` builds them).
set -euo pipefail
exe=${1:?usage: run-under-wine.sh PROGRAM.exe [arguments...]}
shift
source "$(dirname "$0")/wine-prefix.sh"
[[ -f $exe ]] || { echo "not built: $exe (run scripts/dev.sh windows)" >&2; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
make_wine_prefix
echo "== $(basename "$exe") under $(wine --version)"
timeout 600 wine "$exe" "$@"

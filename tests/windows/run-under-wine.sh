#!/usr/bin/env bash
# Runs a Windows program under wine64 in a throwaway WINEPREFIX, no display:
#   run-under-wine.sh [--certs SOURCE_DIR] PROGRAM.exe [arguments...]
# --certs makes the test TLS material first (tests/fakes/make-test-certs.sh,
# which a Windows program cannot start) and names its folder in
# PARLEY_TEST_CERT_DIR.
# Exits with the program's exit code, or 1 when wine or the program is
# missing: CI must not pass by skipping (`scripts/dev.sh windows` builds them).
set -euo pipefail
certs_from=""
if [[ ${1:-} == --certs ]]; then certs_from=$2; shift 2; fi
exe=${1:?usage: run-under-wine.sh [--certs SOURCE_DIR] PROGRAM.exe [arguments...]}
shift
source "$(dirname "$0")/wine-prefix.sh"
[[ -f $exe ]] || { echo "not built: $exe (run scripts/dev.sh windows)" >&2; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
make_wine_prefix
if [[ -n $certs_from ]]; then
  "$certs_from/tests/fakes/make-test-certs.sh" "$WINEPREFIX/test-certs" >/dev/null
  PARLEY_TEST_CERT_DIR=$(winepath -w "$WINEPREFIX/test-certs")
  export PARLEY_TEST_CERT_DIR
fi
echo "== $(basename "$exe") under $(wine --version)"
timeout 600 wine "$exe" "$@"

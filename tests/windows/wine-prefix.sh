# Sourced by the Wine tests: make_wine_prefix creates a private, throwaway
# 64-bit WINEPREFIX (removed at exit, with its wineserver), so a test never
# meets a developer's ~/.wine nor another test's registry or Credential
# Manager. Debian has wine64 but no wine32: everything run must be 64-bit.
for wine_program in wine wineserver; do
  command -v "$wine_program" >/dev/null || { echo "wine tests: $wine_program is not installed (scripts/dev.sh deps)" >&2; exit 1; }
done
export WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko installer dialogs while the prefix is created.
export WINEDLLOVERRIDES="mscoree,mshtml="
wine_cleanup_hooks=()
# Wine's processes go first: the hooks may stop the X server they draw on.
wine_cleanup() {
  local hook
  [[ -n ${WINEPREFIX:-} ]] && { wineserver -k >/dev/null 2>&1 || true; }
  for hook in "${wine_cleanup_hooks[@]}"; do "$hook" || true; done
  [[ -n ${WINEPREFIX:-} ]] && rm -rf "$WINEPREFIX"
  return 0
}
trap wine_cleanup EXIT
make_wine_prefix() {
  WINEPREFIX=$(mktemp -d "${TMPDIR:-/tmp}/parley-wine.XXXXXX")
  export WINEPREFIX
  # wineboot's complaints (no wine32, no display) are noise; a broken prefix
  # shows up as the program failing to start.
  timeout 300 wine wineboot --init >"$WINEPREFIX/wineboot.log" 2>&1 || cat "$WINEPREFIX/wineboot.log" >&2
  wineserver -w
}

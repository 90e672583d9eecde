#!/usr/bin/env bash
# Cross-builds tests/platform/wine with MinGW and runs credentials-wincred-test.exe
# under wine in a throwaway WINEPREFIX. No display, no prompts.
#   run-wine-tests.sh SOURCE_DIR BUILD_DIR [extra Boost.Test arguments...]
# Exits with the test's exit code, or 1 when MinGW or wine is not installed:
# CI must not pass by skipping.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 SOURCE_DIR BUILD_DIR [test arguments...]" >&2
  exit 2
fi
source_dir=$(cd "$1" && pwd)
build_dir=$2
shift 2

missing=()
for tool in cmake x86_64-w64-mingw32-g++-posix wine wineserver; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "wine tests skipped: not installed: ${missing[*]}" >&2
  echo "  (Debian: apt-get install g++-mingw-w64-x86-64 wine wine64 libboost-test-dev)" >&2
  exit 1
fi

echo "== configuring $build_dir (MinGW-w64, x86_64)"
mkdir -p "$build_dir"
cmake -S "$source_dir/tests/platform/wine" -B "$build_dir" \
  -DCMAKE_TOOLCHAIN_FILE="$source_dir/cmake/mingw-w64-x86_64.cmake" \
  -DCMAKE_BUILD_TYPE=Debug >"$build_dir/configure.log" 2>&1 ||
  { cat "$build_dir/configure.log" >&2; exit 1; }

echo "== building credentials-wincred-test.exe"
cmake --build "$build_dir" --parallel 2
exe="$build_dir/credentials-wincred-test.exe"

# A private prefix: the tests write real Credential Manager items, and must
# never meet a developer's own ~/.wine.
WINEPREFIX=$(mktemp -d "${TMPDIR:-/tmp}/parley-wine.XXXXXX")
export WINEPREFIX
export WINEARCH=win64
export WINEDEBUG=-all
# No Mono or Gecko installer dialogs while the prefix is created.
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  rm -rf "$WINEPREFIX"
}
trap cleanup EXIT

echo "== creating a throwaway WINEPREFIX in $WINEPREFIX"
# wineboot's own complaints (no wine32, no display) are noise here; a broken
# prefix shows up as the test failing to start, reported below.
timeout 300 wine wineboot --init >"$WINEPREFIX.wineboot.log" 2>&1 || {
  echo "wineboot failed:" >&2
  cat "$WINEPREFIX.wineboot.log" >&2
}
rm -f "$WINEPREFIX.wineboot.log"
wineserver -w

echo "== running $(basename "$exe") under $(wine --version)"
status=0
timeout 300 wine "$exe" --log_level=test_suite --report_level=short --color_output=no "$@" || status=$?
if [[ $status -eq 0 ]]; then
  echo "== wine tests passed"
else
  echo "== wine tests FAILED (exit code $status)" >&2
fi
exit "$status"

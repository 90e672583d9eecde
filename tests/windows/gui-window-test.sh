#!/usr/bin/env bash
# parley.exe under Wine on a private Xvfb: the main window appears with its
# title, and a screenshot of it is not blank. The screenshot is kept as
# WINDOWS_BUILD_DIR/wine-screenshots/parley-main-window.png (a CI artefact).
#   gui-window-test.sh WINDOWS_BUILD_DIR
# Xvfb runs no window manager, so the title is read from the X window, not
# seen in a title bar.
set -euo pipefail
build=$1
source "$(dirname "$0")/wine-prefix.sh"
app=$build/ui/parley.exe
[[ -f $app ]] || { echo "not built: $app (run scripts/dev.sh windows)" >&2; exit 1; }
for tool in Xvfb xdotool import identify; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (scripts/dev.sh deps)" >&2; exit 1; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d)
stop_all() {
  [[ -n ${app_pid:-} ]] && kill "$app_pid" 2>/dev/null
  [[ -n ${xvfb_pid:-} ]] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
wine_cleanup_hooks+=(stop_all)

exec 3<> <(:)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
read -r -t 30 display <&3 || fail "Xvfb did not start"
export DISPLAY=":$display"

make_wine_prefix
wine "$app" --home "$(winepath -w "$work/home")" >"$work/app.log" 2>&1 &
app_pid=$!

window=""
for _ in $(seq 1 600); do
  window=$(xdotool search --onlyvisible --name '^Parley$' 2>/dev/null | head -n1) && [[ -n $window ]] && break
  kill -0 "$app_pid" 2>/dev/null || fail "parley.exe exited early: $(cat "$work/app.log")"
  sleep 0.1
done
[[ -n $window ]] || fail "no visible window titled Parley within 60 s: $(cat "$work/app.log")"
[[ $(xdotool getwindowname "$window") == Parley ]] || fail "window title is '$(xdotool getwindowname "$window")'"
echo "main window $window titled '$(xdotool getwindowname "$window")'"

shots=$build/wine-screenshots
mkdir -p "$shots"
shot=$shots/parley-main-window.png
# Controls are drawn after the window is mapped: wait until the picture has
# more than a background colour (a blank window has one or two).
colours=0
for _ in $(seq 1 100); do
  import -window "$window" "$shot" 2>/dev/null && colours=$(identify -format '%k' "$shot") && ((colours > 16)) && break
  sleep 0.2
done
((colours > 16)) || fail "the window looks blank ($colours colours): $shot"
echo "screenshot $shot: $(identify -format '%wx%h, %k colours' "$shot")"

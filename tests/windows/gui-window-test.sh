#!/usr/bin/env bash
# parley.exe under Wine on a private Xvfb: the main window appears with its
# title, a screenshot of it is not blank, and a message typed into it gets the
# fake provider's streamed reply into the transcript. The screenshot is kept as
# WINDOWS_BUILD_DIR/wine-screenshots/parley-main-window.png (a CI artefact).
#   gui-window-test.sh WINDOWS_BUILD_DIR FAKE_PROVIDER
# The fake provider is the Linux binary, serving on 127.0.0.1.
# Xvfb runs no window manager, so the title is read from the X window, not
# seen in a title bar.
set -euo pipefail
build=$1 fake=$2
source "$(dirname "$0")/wine-prefix.sh"
app=$build/ui/parley.exe
cli_exe=$build/cli/parley-cli.exe
tool=$build/tests/windows/windows-test-tool.exe
for f in "$app" "$cli_exe" "$tool"; do [[ -f $f ]] || { echo "not built: $f (run scripts/dev.sh windows)" >&2; exit 1; }; done
for program in Xvfb xdotool import identify; do
  command -v "$program" >/dev/null || { echo "$program is not installed (scripts/dev.sh deps)" >&2; exit 1; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d)
stop_all() {
  [[ -n ${app_pid:-} ]] && kill "$app_pid" 2>/dev/null
  [[ -n ${fake_pid:-} ]] && kill "$fake_pid" 2>/dev/null
  [[ -n ${xvfb_pid:-} ]] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
wine_cleanup_hooks+=(stop_all)

exec 3<> <(:)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
read -r -t 30 display <&3 || fail "Xvfb did not start"
export DISPLAY=":$display"

key=sk-wine-window-0123456789
mkfifo "$work/fake-in"
"$fake" --port 0 --key "$key" <"$work/fake-in" >"$work/fake-out" 2>"$work/fake-err" &
fake_pid=$!
exec 4>"$work/fake-in"  # the fake serves until its stdin closes
for _ in $(seq 1 100); do [[ -s $work/fake-out ]] && break; sleep 0.1; done
port=$(head -n1 "$work/fake-out")
[[ $port =~ ^[0-9]+$ ]] || fail "the fake provider did not start: $(cat "$work/fake-err")"

make_wine_prefix
home=$(winepath -w "$work/home")
timeout 120 wine "$cli_exe" --home "$home" provider add local --kind openai-compatible \
  --base-url "http://127.0.0.1:$port/v1" --model fake-model >/dev/null
printf '%s' "$key" | timeout 120 wine "$cli_exe" --home "$home" key set local
wine "$app" --home "$home" >"$work/app.log" 2>&1 &
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

# A message typed into the composer: the streamed reply lands in the
# transcript (a rich edit control, read through WM_GETTEXT).
xdotool windowfocus --sync "$window"
xdotool type --delay 20 "hello from wine"
xdotool key Return
transcript=""
for _ in $(seq 1 300); do
  transcript=$(wine "$tool" window-text Parley 2>/dev/null | tr -d '\r') || true
  [[ $transcript == *"This is a reply from the fake provider."* ]] && break
  sleep 0.2
done
[[ $transcript == *"hello from wine"* ]] || fail "the sent message is not in the transcript: $transcript"
[[ $transcript == *"This is a reply from the fake provider."* ]] ||
  fail "no streamed reply in the transcript within 60 s: $transcript $(cat "$work/app.log")"
echo "reply shown: $(grep -m1 'fake provider' <<<"$transcript")"

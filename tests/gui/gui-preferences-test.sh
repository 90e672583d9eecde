#!/usr/bin/env bash
# GUI test: the License and Updates sections of Edit › Preferences and its
# CA file picker, in the real `parley` window (Xvfb + xdotool), read through
# AT-SPI. The License section shows core's license state (a new profile is in
# its evaluation) and its button opens Help › License; the release channel,
# the daily check and a CA file typed into the picker's field are saved to
# the profile's settings (read back with `parley-cli config get`).
# Usage: gui-preferences-test.sh PARLEY PARLEY_CLI
set -euo pipefail
parley=$1 cli=$2
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

tree() { "$python" "$here/accessible.py" tree parley; }
unset NO_AT_BRIDGE

export PARLEY_HOME="$work/home"
"$cli" provider add local --kind openai-compatible --base-url "http://127.0.0.1:9/v1" --model m
[[ $("$cli" config get update.channel) == stable ]] || fail "the channel does not start as stable"
[[ $("$cli" config get update.auto_check) == true ]] || fail "the daily check does not start on"
printf -- '-----BEGIN CERTIFICATE-----\n' >"$work/extra-ca.pem"

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

open_preferences() {
  xdotool windowfocus --sync "$window"
  xdotool key --window "$window" --clearmodifiers alt+e
  xdotool key p
  dialog=$(timeout 30 xdotool search --sync --onlyvisible --name '^Preferences$' | head -n 1)
  [[ -n "$dialog" ]] || fail "Edit › Preferences opened no dialog"
  xdotool windowfocus --sync "$dialog"
}
open_preferences
wait_until "the License section with the evaluation state" a11y label "License: trial, evaluation ends "
tree >"$work/tree.txt"
grep -q "push button 'License…'" "$work/tree.txt" || fail "no License… button in Preferences"
# The CA file is a picker: a field named for it, and beside it a Browse
# button that opens a file chooser.
grep -A1 "text 'Extra CA file'" "$work/tree.txt" | grep -q "push button 'Browse'" ||
  fail "the CA file has no Browse button: $(grep -A3 "'Extra CA file'" "$work/tree.txt")"
a11y focus "Browse"
xdotool key space
chooser=$(timeout 30 xdotool search --sync --onlyvisible --name '^Extra CA bundle$' | head -n 1)
[[ -n "$chooser" ]] || fail "Browse opened no file chooser"
xdotool windowfocus --sync "$chooser"
xdotool key Escape
chooser_closed() { ! xdotool search --onlyvisible --name '^Extra CA bundle$' >/dev/null; }
wait_until "the file chooser closed" chooser_closed
xdotool windowfocus --sync "$dialog"

a11y focus "Extra CA file"
xdotool key --clearmodifiers ctrl+a
xdotool type --delay 5 "$work/extra-ca.pem"
a11y choose "Release channel" beta
a11y press "Check for updates automatically (daily)"
a11y press "OK"
saved() { [[ $("$cli" config get update.channel) == beta ]]; }
wait_until "the release channel saved" saved
[[ $("$cli" config get update.auto_check) == false ]] || fail "the daily check was not turned off"
[[ $("$cli" config get network.ca_file) == "$work/extra-ca.pem" ]] || fail "the CA file was not saved"

# The License… button opens Help › License; closing it returns to Preferences.
open_preferences
a11y press "License…"
license=$(timeout 30 xdotool search --sync --onlyvisible --name '^License$' | head -n 1)
[[ -n "$license" ]] || fail "License… opened no License dialog"
xdotool windowfocus --sync "$license"
xdotool key Escape
closed() { ! xdotool search --onlyvisible --name '^License$' >/dev/null; }
wait_until "the License dialog closed" closed

echo "gui-preferences-test: 1 passed, 0 failed"

#!/usr/bin/env bash
# GUI test: a reply with every Markdown construct, streamed by the fake
# provider into the real `parley` window under Xvfb, read back through the
# accessibility tree (AT-SPI, as a screen reader reads it) while it streams
# and once it is done: its text and each
# construct's style (tests/gui/transcript-a11y.py), every control's accessible
# name. Then Message › Copy Code Block puts exactly the code on the clipboard,
# a click on a link hands it to the browser, and regenerate, branch switching
# and editing a message (a new branch) work from the keyboard, and the
# header shows the conversation's tokens and renames it in place. A screenshot
# of the window with the rendered reply is kept in ARTEFACTS/light-window.png.
# Usage: gui-markdown-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER ARTEFACTS
set -euo pipefail
parley=$1 cli=$2 fake=$3 artefacts=$4
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

# pyatspi is Debian's python3-pyatspi, for the system's Python.
# GTK joins the accessibility bus of this D-Bus session (the bus and its
# registry start on demand) unless told not to.
unset NO_AT_BRIDGE

# wxLaunchDefaultBrowser runs xdg-open: this one only records what it was given.
mkdir -p "$work/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >>"%s/opened"\n' "$work" >"$work/bin/xdg-open"
chmod +x "$work/bin/xdg-open"
export PATH="$work/bin:$PATH"

export PARLEY_HOME="$work/home"
local_provider 'gui-model+markdown+slow=150'

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

conversation_json() {
  local id; id=$("$cli" history list --json | jq '.[0].id')
  "$cli" history show "$id" --json
}
replies_complete() {
  local json; json=$(conversation_json) || return 1
  [[ $(jq "[.messages[] | select(.role == \"assistant\" and .status == \"complete\")] | length" <<<"$json") == "$1" ]]
}

xdotool type --delay 20 "show me markdown"
xdotool key Return
# Paced (slow=150 ms a word), so it can be read half-way: already rendered.
wait_until "the reply rendered while it streams" a11y streaming
wait_until "the reply saved" replies_complete 1
wait_until "the reply shown whole" a11y reply-text "[image: a cat]"
a11y markdown || fail "the reply's Markdown is not rendered as it should be (above)"
a11y names || fail "controls without an accessible name (above)"
mkdir -p "$artefacts"
import -window "$window" "$artefacts/light-window.png" || fail "no screenshot"

# Message › Copy Code Block (Ctrl+Alt+K) on the last reply: exactly its code.
xdotool key --window "$window" --clearmodifiers ctrl+alt+k
code_copied() { [[ "$(xclip -o -selection clipboard 2>/dev/null)" == 'print("copy me")'$'\n''x = 1' ]]; }
wait_until "exactly the code block on the clipboard" code_copied

# A click on a link opens it in the browser (and nothing else was opened).
read -r x y < <(a11y position "a link")
xdotool mousemove --sync "$x" "$y" click 1
link_opened() { [[ -f "$work/opened" ]] && grep -qx 'https://example.org/docs' "$work/opened"; }
wait_until "the link handed to the browser" link_opened
[[ $(wc -l <"$work/opened") == 1 ]] || fail "something else was opened: $(cat "$work/opened")"

# Regenerate (Ctrl+R): a second answer, shown as branch 2 / 2.
xdotool key --window "$window" --clearmodifiers ctrl+r
wait_until "the regenerated reply saved" replies_complete 2
wait_until "the switcher shows 2 / 2" a11y reply-text "branch 2 / 2"
# Previous branch (Ctrl+[): the first answer again, 1 / 2, and remembered.
xdotool key --window "$window" --clearmodifiers ctrl+bracketleft
first_shown() {
  a11y reply-text "branch 1 / 2" >/dev/null &&
    [[ $(conversation_json | jq '.current_leaf_id == .messages[1].id') == true ]]
}
wait_until "the first answer shown again" first_shown

# Message › Edit as a New Branch (Ctrl+Alt+E): my message in the composer;
# sent again changed, it is a new first message with its own reply.
xdotool key --window "$window" --clearmodifiers ctrl+alt+e
xdotool type --delay 20 " please"
xdotool key Return
edited() {
  local json; json=$(conversation_json) || return 1
  [[ $(jq '[.messages[] | select(.role == "user" and .parent_id == null)] | length' <<<"$json") == 2 ]] &&
    [[ $(jq -r '[.messages[] | select(.role == "user")][-1].content' <<<"$json") == "show me markdown please" ]] &&
    replies_complete 3
}
wait_until "the edited message on a new branch with its reply" edited
wait_until "the edit shown as branch 2 / 2 of my message" a11y reply-text "You · branch 2 / 2"

# The header: what the conversation cost, and its title renamed in place.
a11y label " tokens" || fail "the header does not show the conversation's tokens"
a11y focus "Conversation title"
xdotool key --clearmodifiers ctrl+a
xdotool type --delay 20 "Renamed in place"
xdotool key Return
renamed() { [[ $("$cli" history list --json | jq -r '.[0].title') == "Renamed in place" ]]; }
wait_until "the conversation renamed from its header" renamed

echo "gui-markdown-test: 1 passed, 0 failed"

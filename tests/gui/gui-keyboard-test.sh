#!/usr/bin/env bash
# GUI test: the real `parley` window (Xvfb) used from the keyboard only,
# xdotool key events and typing, nothing clicked. Tab leads from the
# conversation list to the transcript, the composer and Send, in that order
# (the focus read through AT-SPI); Ctrl+N starts a conversation; Enter sends
# a message to the fake provider; Shift+Tab reaches the transcript, where
# Shift+F10 and the Menu key open the message's actions: Copy Message puts
# the reply on the clipboard (xclip), Delete Message deletes it.
# Usage: gui-keyboard-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER
set -euo pipefail
parley=$1 cli=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

unset NO_AT_BRIDGE

export PARLEY_HOME="$work/home"
local_provider keyboard-model
# One conversation already there, so that the list has a row to stop on.
"$cli" chat -p local "an earlier chat" >/dev/null

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

# A combo box's own button takes the focus without AT-SPI reporting any: "".
focused_now() { a11y focused || true; }
focus_changed_from() { [[ "$(focused_now)" != "$1" ]]; }

# Ctrl+F goes to the history search; from there Tab visits every control once.
xdotool key --clearmodifiers ctrl+f
wait_until "the search field focused" bash -c "[[ \$($python '$here/transcript-a11y.py' focused | cut -f2) == 'Search history' ]]"
order=()
for _ in $(seq 1 14); do
  before=$(focused_now)
  xdotool key Tab
  wait_until "Tab to move the focus" focus_changed_from "$before"
  order+=("$(focused_now | cut -f2)")
done
position_of() {
  local i
  for i in "${!order[@]}"; do [[ "${order[$i]}" == "$1" ]] && { echo "$i"; return; }; done
  echo 99
}
list=$(position_of Conversations) transcript=$(position_of Transcript)
message=$(position_of Message) send=$(position_of Send)
printf 'Tab order: %s\n' "${order[*]}"
((list < transcript && transcript < message && message < send && send < 99)) ||
  fail "Tab does not lead from the list to the transcript, the composer and Send: ${order[*]}"

# A new conversation, a message sent with Enter.
xdotool key --clearmodifiers ctrl+n
wait_until "the composer focused for the new conversation" bash -c "[[ \$($python '$here/transcript-a11y.py' focused | cut -f2) == Message ]]"
xdotool type --delay 20 "typed without a mouse"
xdotool key Return
reply="Hello! This is a reply from the fake provider."
two_conversations_answered() {
  local json; json=$("$cli" history list --json) || return 1
  [[ $(jq length <<<"$json") == 2 ]] || return 1
  local id; id=$(jq '.[0].id' <<<"$json")
  [[ $("$cli" history show "$id" --json | jq -r '.messages[1].status') == complete ]]
}
wait_until "the reply saved" two_conversations_answered
wait_until "the reply shown" a11y reply-text "$reply"

# Back to the transcript, to the end of the reply; Shift+F10, Copy Message.
wait_until "the composer focused after the reply" bash -c "[[ \$($python '$here/transcript-a11y.py' focused | cut -f2) == Message ]]"
xdotool key shift+Tab
wait_until "Shift+Tab reaching the transcript" bash -c "[[ \$($python '$here/transcript-a11y.py' focused | cut -f2) == Transcript ]]"
printf 'not yet' | xclip -selection clipboard
xdotool key --clearmodifiers ctrl+End
# GTK keeps popup menus out of the accessibility tree: the menu is seen as a new window.
windows_before=$(xdotool search --onlyvisible --class parley | sort)
menu_open() { [[ -n $(comm -13 <(echo "$windows_before") <(xdotool search --onlyvisible --class parley | sort)) ]]; }
xdotool key --clearmodifiers shift+F10
wait_until "the message's actions opened by Shift+F10" menu_open
xdotool key m
copied() { [[ "$(xclip -o -selection clipboard 2>/dev/null)" == "$reply" ]]; }
wait_until "the reply copied by its Copy Message action" copied

# The Menu key opens the same actions; Delete Message there deletes the reply.
menu_closed() { ! menu_open; }
wait_until "the menu closed" menu_closed
xdotool key Menu
wait_until "the message's actions opened by the Menu key" menu_open
xdotool key d
one_message_left() {
  local id; id=$("$cli" history list --json | jq '.[0].id')
  [[ $("$cli" history show "$id" --json | jq '.messages | length') == 1 ]]
}
wait_until "the reply deleted from its actions" one_message_left

echo "gui-keyboard-test: 1 passed, 0 failed"

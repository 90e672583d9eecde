#!/usr/bin/env bash
# GUI test: a long conversation in the real `parley` window (Xvfb, xdotool,
# AT-SPI). Opened from the list, it shows its last 50 messages and a
# "Show Earlier Messages (70)" button; pressed, the 50 before them appear
# too, and again until none is left, when the button goes. A reply of short
# lines then streams in with its line breaks, and stays as shown once saved.
# Usage: gui-long-conversation-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER
set -euo pipefail
parley=$1 cli=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

unset NO_AT_BRIDGE

export PARLEY_HOME="$work/home"
# A Claude export: one conversation of 120 messages, "m-001" to "m-120".
/usr/bin/python3 - "$work/long.json" <<'PY'
import json, sys
messages = [{"uuid": f"u{j}", "sender": "human" if j % 2 else "assistant", "text": f"m-{j:03d} says hello"}
            for j in range(1, 121)]
json.dump([{"uuid": "long", "name": "Long one", "chat_messages": messages}], open(sys.argv[1], "w"))
PY
"$cli" history import "$work/long.json" >/dev/null
local_provider 'gui-model+long=3000'

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

# What the transcript shows, read through the accessibility tree.
transcript() { a11y text 2>/dev/null || true; }
copied() {
  xdotool key --window "$window" --clearmodifiers ctrl+shift+c
  xclip -o -selection clipboard 2>/dev/null || true
}
wait_until "the conversation list on the accessibility bus" a11y focus "Conversations"
xdotool key --window "$window" Down
opened() { [[ "$(transcript)" == *"m-120 says"* ]]; }
wait_until "the long conversation opened" opened
shown=$(transcript)
[[ "$shown" == *"m-071 says"* && "$shown" != *"m-070 says"* ]] \
  || fail "opening did not show exactly the last 50 messages"
# Copy Conversation copies all of it, the 70 not shown yet included, in order.
whole() { [[ "$(copied)" == *"m-120 says"* ]]; }
wait_until "Copy Conversation to fill the clipboard" whole
clip=$(copied)
[[ "$clip" == *"m-001 says hello"*"m-070 says hello"*"m-071 says hello"*"m-120 says hello"* ]] \
  || fail "Copy Conversation did not copy the whole conversation in order: ${clip:0:300}"

wait_until "the button for the 70 earlier messages" a11y focus "Show Earlier Messages (70)"
xdotool key --window "$window" space
more() { [[ "$(transcript)" == *"m-021 says"* ]]; }
wait_until "50 earlier messages shown" more
[[ "$(transcript)" != *"m-020 says"* ]] || fail "more than 50 earlier messages came at once"
wait_until "the button for the last 20" a11y focus "Show Earlier Messages (20)"
xdotool key --window "$window" space
all() { [[ "$(transcript)" == *"m-001 says"* ]]; }
wait_until "every message shown" all
# Prints the names of the buttons on screen that offer earlier messages.
earlier_buttons() {
  "$python" - <<'PY'
import pyatspi
def walk(node):
    yield node
    for child in node:
        if child is not None:
            yield from walk(child)
for app in pyatspi.Registry.getDesktop(0):
    if app is not None and app.name == "parley":
        for node in walk(app):
            if node.getRole() == pyatspi.ROLE_PUSH_BUTTON and node.name.startswith("Show Earlier") and \
                    node.getState().contains(pyatspi.STATE_SHOWING):
                print(node.name)
PY
}
[[ -z "$(earlier_buttons)" ]] || fail "the button stays with nothing earlier: $(earlier_buttons)"

# A reply made of lines (the fake's long text: each line ends in a line
# break, no blank line between): shown with its line breaks while it streams
# and after it is saved.
# The composer, at the bottom of the window, by a click.
xdotool mousemove --window "$window" 600 590 click 1
xdotool type --delay 20 "and more"
xdotool key Return
line="Parley streams long replies. Ünïcödé — 中文字符 and emoji 🙂🚀 stay whole."
saved() {
  local id; id=$("$cli" history list --json | jq '.[0].id')
  [[ $("$cli" history show "$id" --json | jq -r '.messages[-1].status') == complete ]]
}
wait_until "the reply saved" saved
# Its details line (model, time, tokens) comes once the window has finished it.
finished() { [[ "$(transcript)" == *$'\n'"gui-model+long=3000 · "* ]]; }
wait_until "the reply finished in the window" finished
replied() { [[ "$(transcript)" == *$'\n'"$line"$'\n'"$line"$'\n'* ]]; }
wait_until "the reply shown with its line breaks" replied
[[ "$(transcript)" == *"m-001 says"* ]] || fail "the earlier messages went when the reply was saved"

#!/usr/bin/env bash
# GUI test: one message's details and its deletion in the real `parley`
# window (Xvfb + xdotool), read back through AT-SPI and the history. The
# pointer over a reply gives its model, time, tokens and cost as the
# transcript's accessible description, and a tooltip shows. Delete on a reply with
# nothing below it deletes it at once, and its sibling's "branch 2 / 2" goes;
# Delete on a message with a reply below asks first (No keeps both), then
# deletes the two, and search no longer finds them.
# Usage: gui-message-delete-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER
set -euo pipefail
parley=$1 cli=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

unset NO_AT_BRIDGE

export PARLEY_HOME="$work/home"
local_provider delete-model
"$cli" config set price.delete-model.input 1000
"$cli" config set price.delete-model.output 2000

# question one → reply; question two → reply, regenerated: the shown branch is 2 / 2.
"$cli" chat -p local "question one" >/dev/null
"$cli" chat -p local --continue "question two about ammonites" >/dev/null
conversation=$("$cli" history list --json | jq '.[0].id')
show() { "$cli" history show "$conversation" --json; }
"$cli" chat -p local --regenerate "$(show | jq '.messages[3].id')" >/dev/null
[[ $(show | jq '.messages | length') == 5 ]] || fail "the setup did not make five messages"

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

# The conversation, opened from the list with the keyboard.
a11y focus "Conversations"
xdotool key --clearmodifiers Down
wait_until "the conversation shown with its branch switcher" a11y reply-text "branch 2 / 2"

# Details on hover: the last reply's model, time, tokens and cost.
windows_before=$(xdotool search --onlyvisible --class parley | sort)
read -r x y < <(a11y position "question two")
xdotool mousemove --sync "$x" "$y"
read -r x y < <(a11y last-position "Hello!")
xdotool mousemove --sync "$x" "$y"
details_shown() {
  local d; d=$(a11y description)
  [[ "$d" == "Assistant · delete-model · "*" UTC · "*" tokens · \$"* ]]
}
wait_until "the reply's model, time, tokens and cost as the transcript's description" details_shown
# GTK keeps tooltip windows out of the accessibility tree (a screen reader
# reads the description above instead): the tooltip is seen as a new window.
tooltip_shown() { [[ -n $(comm -13 <(echo "$windows_before") <(xdotool search --onlyvisible --class parley | sort)) ]]; }
wait_until "a tooltip over the reply" tooltip_shown

# Delete on the last reply, which has nothing below: gone without a question.
a11y focus "Transcript"
xdotool key --clearmodifiers ctrl+End
xdotool key Delete
four_left() { [[ $(show | jq '.messages | length') == 4 ]]; }
wait_until "the regenerated reply deleted" four_left
wait_until "the switcher gone with the deleted branch" bash -c "! $python '$here/transcript-a11y.py' reply-text 'branch'"
[[ $(show | jq -r '.messages[3].content') == "Hello! This is a reply from the fake provider." ]] ||
  fail "the wrong reply was deleted"

# Clicks the message showing $1, presses Delete and prints the question's window.
ask_to_delete() {
  local x y
  read -r x y < <(a11y position "$1")
  xdotool mousemove --sync "$x" "$y" click 1
  xdotool key Delete
  timeout 30 xdotool search --sync --onlyvisible --name '^Delete Message$' | head -n 1
}

# Delete on "question two", which has a reply below: asked first; No keeps it.
question=$(ask_to_delete "question two")
[[ -n "$question" ]] || fail "deleting a message with a reply below did not ask first"
xdotool windowfocus --sync "$question"
xdotool key Escape
wait_until "the question closed" bash -c "! xdotool search --onlyvisible --name '^Delete Message$' >/dev/null"
[[ $(show | jq '.messages | length') == 4 ]] || fail "answering No still deleted"

xdotool windowfocus --sync "$window"
question=$(ask_to_delete "question two")
[[ -n "$question" ]] || fail "no question the second time"
xdotool windowfocus --sync "$question"
xdotool key --clearmodifiers alt+y
two_left() { [[ $(show | jq '.messages | length') == 2 ]]; }
wait_until "the message and its reply deleted" two_left
[[ $(show | jq -r '.messages[0].content') == "question one" ]] || fail "the first question was deleted"
[[ $("$cli" history search ammonites --json | jq length) == 0 ]] || fail "search still finds the deleted message"
wait_until "the transcript without the deleted message" bash -c "! $python '$here/transcript-a11y.py' reply-text 'question two'"

echo "gui-message-delete-test: 1 passed, 0 failed"

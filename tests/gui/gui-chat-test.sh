#!/usr/bin/env bash
# GUI test: the real `parley` window under Xvfb, driven with xdotool.
# Sends a message with Enter, watches the reply stream into the window
# (read back through the app's own Copy Conversation command), its reasoning
# set apart before the answer, checks both are saved, then stops a second
# reply with Escape and checks it is kept as interrupted, regenerates it with
# Ctrl+R as a new branch and switches back
# to the first answer with Ctrl+[, then pins, renames and archives the
# conversation from the keyboard. Usage: gui-chat-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER
set -euo pipefail
parley=$1 cli=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

export PARLEY_HOME="$work/home"
# Replies are paced so a partial one can be seen; the second request (the
# one Escape stops) stalls after its first word until the app hangs up, so
# the Stop step waits on no clock.
local_provider 'gui-model+slow=500+reasoning+stallon=2' --record "$work/requests.jsonl"

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

transcript() {
  xdotool key --window "$window" --clearmodifiers ctrl+shift+c
  xclip -o -selection clipboard 2>/dev/null || true
}
reply="Hello! This is a reply from the fake provider."

xdotool type --delay 20 "first line"
xdotool key shift+Return
xdotool type --delay 20 "hello from the window"
xdotool key Return

partial_seen() { local t; t=$(transcript); [[ "$t" == *"Hello"* && "$t" != *"$reply"* ]]; }
wait_until "a partial reply streaming into the window" partial_seen
full_seen() { [[ "$(transcript)" == *"$reply"* ]]; }
wait_until "the whole reply in the window" full_seen
thinking="The user greets me; a short friendly answer fits."
[[ "$(transcript)" == *$'Thinking\n'"$thinking"$'\n\n'"$reply"* ]] \
  || fail "the model's reasoning is not shown apart, before the answer"

saved() {
  local json
  json=$("$cli" history list --json) || return 1
  [[ $(jq 'length' <<<"$json") == 1 ]] || return 1
  local id; id=$(jq '.[0].id' <<<"$json")
  "$cli" history show "$id" --json >"$work/show.json" || return 1
  [[ $(jq -r '.messages[1].status' "$work/show.json") == complete ]]
}
wait_until "the exchange saved as complete" saved
[[ $(jq -r '.messages[0].content' "$work/show.json") == $'first line\nhello from the window' ]] \
  || fail "the user message (with its Shift+Enter line break) was not saved as typed"
[[ $(jq -r '.messages[1].content' "$work/show.json") == "$reply" ]] || fail "the saved reply differs"
[[ $(jq -r '.messages[1].reasoning' "$work/show.json") == "$thinking" ]] || fail "the reasoning was not saved apart"

# Second message; Escape (Stop) cancels it mid-stream and keeps the partial text.
xdotool type --delay 20 "tell me more"
xdotool key Return
second_streaming() { [[ $(grep -c '"path"' "$work/requests.jsonl") == 2 ]] && [[ "$(transcript)" == *"tell me more"*"Hello"* ]]; }
wait_until "the second reply to start" second_streaming
xdotool key --window "$window" Escape
stopped() {
  local id; id=$("$cli" history list --json | jq '.[0].id')
  [[ $("$cli" history show "$id" --json | jq -r '.messages[3].status') == interrupted ]]
}
wait_until "the stopped reply saved as interrupted" stopped
kept=$("$cli" history show "$("$cli" history list --json | jq '.[0].id')" --json | jq -r '.messages[3].content')
[[ -n "$kept" && "$reply" == "$kept"* ]] || fail "the stopped reply did not keep its partial text (got '$kept')"

# Ctrl+R asks again: a second answer to the same message, a new branch.
xdotool key --window "$window" --clearmodifiers ctrl+r
regenerated() {
  local id; id=$("$cli" history list --json | jq '.[0].id')
  "$cli" history show "$id" --json >"$work/show.json" || return 1
  [[ $(jq '.messages | length' "$work/show.json") == 5 ]] &&
    [[ $(jq -r '.messages[4].status' "$work/show.json") == complete ]] &&
    [[ $(jq '.messages[4].parent_id == .messages[2].id' "$work/show.json") == true ]]
}
wait_until "a regenerated reply on a new branch" regenerated

# Ctrl+[ shows the earlier answer again, and the choice is remembered.
xdotool key --window "$window" --clearmodifiers ctrl+bracketleft
earlier_branch_shown() {
  local id; id=$("$cli" history list --json | jq '.[0].id')
  "$cli" history show "$id" --json >"$work/show.json" || return 1
  [[ $(jq '.current_leaf_id == .messages[3].id' "$work/show.json") == true ]] &&
    [[ "$(transcript)" == *"branch 1 / 2"* ]]
}
wait_until "the earlier branch shown" earlier_branch_shown
# Shown again from the history, each reply's reasoning keeps its place.
[[ "$(transcript)" == *$'Thinking\n'"$thinking"$'\n\n'"$reply"* ]] || fail "the reasoning is lost on reload"

# The Conversation menu's keys: pin, rename (F2 opens a dialog), archive.
conversation_field() {
  local json; json=$("$cli" history list --all --json) || return 1
  jq -r ".[0].$1" <<<"$json"
}
xdotool key --window "$window" --clearmodifiers ctrl+shift+p
pinned() { [[ $(conversation_field pinned) == true ]]; }
wait_until "the conversation pinned" pinned
xdotool key --window "$window" F2
dialog=$(timeout 30 xdotool search --sync --onlyvisible --name '^Rename Conversation$' | head -n 1)
[[ -n "$dialog" ]] || fail "no rename dialog"
xdotool windowfocus --sync "$dialog"
xdotool key --clearmodifiers ctrl+a
xdotool type --delay 20 "Renamed in the window"
xdotool key Return
renamed() { [[ $(conversation_field title) == "Renamed in the window" ]]; }
wait_until "the conversation renamed" renamed
xdotool windowfocus --sync "$window"
xdotool key --window "$window" --clearmodifiers ctrl+shift+e
archived() { [[ $(conversation_field archived) == true ]] && [[ $("$cli" history list --json | jq length) == 0 ]]; }
wait_until "the conversation archived" archived

echo "gui-chat-test: 1 passed, 0 failed"

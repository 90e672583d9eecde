#!/usr/bin/env bash
# GUI test: Edit › Preferences in the real `parley` window (Xvfb + xdotool).
# A value a key does not allow is refused with an error and nothing is
# written; valid chat defaults are saved through core's settings, and the
# next message reaches the fake provider with that system prompt,
# temperature and max tokens (read from the fake's record of the request).
# Usage: gui-settings-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER
set -euo pipefail
parley=$1 cli=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

export PARLEY_HOME="$work/home"
start_fake_provider --record "$work/requests.jsonl"
touch "$work/requests.jsonl"
"$cli" provider add local --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" --model settings-model

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

open_preferences() {
  xdotool key --window "$window" --clearmodifiers alt+e
  xdotool key p
  dialog=$(timeout 30 xdotool search --sync --onlyvisible --name '^Preferences$' | head -n 1)
  [[ -n "$dialog" ]] || fail "Edit › Preferences opened no dialog"
  xdotool windowfocus --sync "$dialog"
}

# The system prompt field has the focus; Tab leads to temperature, then max tokens.
open_preferences
xdotool type --delay 10 "Answer like a pirate."
xdotool key Tab
xdotool type --delay 10 "9"
xdotool key Tab
xdotool type --delay 10 "77"
xdotool key Return
error=$(timeout 30 xdotool search --sync --onlyvisible --name '^Parley: this setting is not allowed$' | head -n 1)
[[ -n "$error" ]] || fail "a temperature of 9 was not refused"
[[ -z $("$cli" config get chat.system_prompt) ]] || fail "a refused form still wrote a setting"
xdotool windowfocus --sync "$error"
xdotool key Return
# The refused field has the focus, its text selected.
xdotool windowfocus --sync "$dialog"
xdotool type --delay 10 "0.3"
xdotool key Return
written() { [[ $("$cli" config get chat.temperature) == 0.3 ]]; }
wait_until "the preferences saved" written
[[ $("$cli" config get chat.system_prompt) == "Answer like a pirate." ]] || fail "the system prompt was not saved"
[[ $("$cli" config get chat.max_tokens) == 77 ]] || fail "max tokens was not saved"

xdotool windowfocus --sync "$window"
xdotool type --delay 20 "hello with settings"
xdotool key Return
sent() { [[ -n $(jq -c 'select(.method == "POST")' "$work/requests.jsonl") ]]; }
wait_until "the message sent" sent
body=$(jq -c 'select(.method == "POST") | .body' "$work/requests.jsonl")
[[ $(jq -r '.messages[0].role' <<<"$body") == system ]] || fail "no system prompt reached the provider: $body"
[[ $(jq -r '.messages[0].content' <<<"$body") == "Answer like a pirate." ]] || fail "wrong system prompt: $body"
[[ $(jq -r '.temperature' <<<"$body") == 0.3 ]] || fail "the temperature did not reach the provider: $body"
[[ $(jq -r '.max_tokens' <<<"$body") == 77 ]] || fail "max tokens did not reach the provider: $body"

echo "gui-settings-test: 1 passed, 0 failed"

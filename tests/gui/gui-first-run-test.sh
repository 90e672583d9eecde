#!/usr/bin/env bash
# GUI test: the first run of the real `parley` window (Xvfb + xdotool) with
# no provider. The welcome pane lists the presets; the newcomer picks
# "Custom (OpenAI-compatible)", gives the fake provider's base URL and a key,
# presses Test (the model list is fetched, then `provider test`'s one-word
# request is made with the first listed model), then Save Provider: the
# provider and the typed key are stored together, and the first message gets
# a streamed reply. Usage: gui-first-run-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER
set -euo pipefail
parley=$1 cli=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

export PARLEY_HOME="$work/home"
key=sk-first-run-key-0123456789
start_fake_provider --record "$work/requests.jsonl" --key "$key"
touch "$work/requests.jsonl"

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

welcome_custom_server "http://127.0.0.1:$port/v1" "$key"

requests() { jq -c "select(try ($1) catch false)" "$work/requests.jsonl"; }
tested() {
  [[ -n $(requests '.method == "GET" and (.path | endswith("/v1/models"))') ]] &&
    [[ -n $(requests '.method == "POST" and .body.messages[0].content == "Reply with the single word: ok"') ]]
}
wait_until "Test to list the models and make the provider test's request" tested
[[ $(requests '.body.messages[0].content == "Reply with the single word: ok"' | jq -r .body.model) == gpt-4o ]] \
  || fail "the test did not use the first model of the fetched list"
[[ $(requests '.method == "POST"' | jq -r '.headers.authorization') == "Bearer $key" ]] \
  || fail "the test did not use the typed key"
[[ -z $("$cli" provider list --json | jq '.[]') ]] || fail "Test saved a provider"

xdotool key --clearmodifiers alt+s
saved() { [[ $("$cli" provider list --json | jq -r '.[0].id // empty') == custom ]]; }
wait_until "Save Provider to store the provider" saved
provider=$("$cli" provider list --json)
[[ $(jq -r '.[0].base_url' <<<"$provider") == "http://127.0.0.1:$port/v1" ]] || fail "wrong base URL: $provider"
[[ $(jq -r '.[0].model' <<<"$provider") == gpt-4o ]] || fail "the picked model was not saved: $provider"
[[ $("$cli" key status custom --json | jq -r .source) == os-store ]] \
  || fail "the typed key was not stored with the provider: $("$cli" key status custom --json)"

# The welcome pane gave way to the chat; the composer has the focus.
xdotool type --delay 20 "hello after setup"
xdotool key Return
wait_until "the first message answered" first_reply_complete
[[ $(jq -r '.messages[0].content' "$work/show.json") == "hello after setup" ]] || fail "the message was not saved as typed"
[[ $(jq -r '.messages[1].content' "$work/show.json") == "Hello! This is a reply from the fake provider." ]] \
  || fail "the reply differs"
[[ $(requests '.body.messages[-1].content == "hello after setup"' | jq -r .body.stream) == true ]] \
  || fail "the reply was not streamed"
xdotool key --window "$window" --clearmodifiers ctrl+shift+c
[[ $(xclip -o -selection clipboard) == *"Hello! This is a reply from the fake provider."* ]] \
  || fail "the reply is not shown in the window"

echo "gui-first-run-test: 1 passed, 0 failed"

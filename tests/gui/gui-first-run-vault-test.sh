#!/usr/bin/env bash
# GUI test: the first run of the real `parley` window (Xvfb + xdotool) on a
# session with no Secret Service (its D-Bus address points nowhere). Save
# Provider offers the encrypted file vault instead of failing; the newcomer
# accepts, chooses a passphrase and repeats it; the key lands in the vault
# (read back by `parley-cli key status` with that passphrase), and the first
# message gets its reply with that key.
# Usage: gui-first-run-vault-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER
set -euo pipefail
parley=$1 cli=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

export PARLEY_HOME="$work/home"
key=sk-first-run-vault-0123456789 passphrase="first run vault phrase"
start_fake_provider --record "$work/requests.jsonl" --key "$key"
touch "$work/requests.jsonl"

# No Secret Service for the app (nor the accessibility bus, which it does not need here).
DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus NO_AT_BRIDGE=1 "$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

# Test first, which fills in the model; its one-word request is the last it makes.
welcome_custom_server "http://127.0.0.1:$port/v1" "$key"
tested() { grep -q '"Reply with the single word: ok"' "$work/requests.jsonl"; }
wait_until "Test to reach the fake provider" tested
xdotool key --clearmodifiers alt+s

offer=$(timeout 30 xdotool search --sync --onlyvisible --name '^Keep the key in a file vault\?$' | head -n 1)
[[ -n "$offer" ]] || fail "with no Secret Service, Save Provider did not offer the file vault"
xdotool windowfocus --sync "$offer"
xdotool key Return

# The passphrase, twice: each prompt is a window titled Parley besides the main one.
prompt=""
prompt_shown() {
  prompt=$(xdotool search --onlyvisible --name '^Parley$' | grep -vx "$window" | head -n 1)
  [[ -n "$prompt" ]]
}
prompt_gone() { ! xdotool search --onlyvisible --name '^Parley$' | grep -qx "$prompt"; }
for _ in 1 2; do
  wait_until "the vault passphrase prompt" prompt_shown
  xdotool windowfocus --sync "$prompt"
  xdotool type --delay 5 "$passphrase"
  xdotool key Return
  wait_until "the passphrase prompt closed" prompt_gone
done

in_vault() {
  local status
  status=$(DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus PARLEY_VAULT_PASSPHRASE="$passphrase" \
    "$cli" key status custom --json 2>/dev/null) || return 1
  [[ $(jq -r .source <<<"$status") == file-vault ]]
}
wait_until "the key stored in the file vault" in_vault
[[ $("$cli" provider list --json | jq -r '.[0].id') == custom ]] || fail "the provider was not saved"
grep -rq -- "$key" "$PARLEY_HOME" && fail "the key reached a file under the profile in clear"

xdotool windowfocus --sync "$window"
xdotool type --delay 20 "hello from the vault"
xdotool key Return
wait_until "the first message answered with the vault's key" first_reply_complete

echo "gui-first-run-vault-test: 1 passed, 0 failed"

#!/usr/bin/env bash
# GUI test: the key-vault passphrase prompt of the real `parley` window
# (Xvfb + xdotool). The key lives in the encrypted file vault. Opening the
# provider in File › Providers and Keys asks for the passphrase over that
# dialog; a mistyped one is refused. After the dialog is closed, Send asks
# again (the wrong passphrase is not kept, and the prompt does not belong to
# the closed dialog); the right one lets the reply stream in.
# Usage: gui-vault-passphrase-test.sh PARLEY PARLEY_CLI FAKE_PROVIDER
set -euo pipefail
parley=$1 cli=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

export PARLEY_HOME="$work/home"
key=sk-vault-gui-key-0123456789 passphrase="correct horse battery staple"
start_fake_provider --key "$key"
"$cli" provider add local --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" --model m
printf '%s' "$key" | PARLEY_VAULT_PASSPHRASE="$passphrase" "$cli" key set local --store file

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

# The passphrase prompt: a second window titled Parley.
prompt=""
prompt_shown() {
  prompt=$(xdotool search --onlyvisible --name '^Parley$' | grep -vx "$window" | head -n 1)
  [[ -n "$prompt" ]]
}
answer_prompt() {
  wait_until "$1" prompt_shown
  xdotool windowfocus --sync "$prompt"
  # Into the passphrase field, just under the dialog's one line of text.
  xdotool mousemove --window "$prompt" 160 52 click 1
  xdotool type --delay 5 "$2"
  xdotool key Return
}

xdotool key --window "$window" --clearmodifiers ctrl+comma
dialog=$(timeout 30 xdotool search --sync --onlyvisible --name '^Providers and Keys$' | head -n 1)
[[ -n "$dialog" ]] || fail "File › Providers and Keys opened no dialog"
xdotool windowfocus --sync "$dialog"
xdotool key Down
answer_prompt "the passphrase asked for over the Providers dialog" "mistyped"
prompt_gone() { ! prompt_shown; }
wait_until "the prompt to close" prompt_gone
xdotool windowfocus --sync "$dialog"
xdotool key Escape
dialog_gone() { ! xdotool search --onlyvisible --name '^Providers and Keys$' >/dev/null; }
wait_until "the Providers dialog to close" dialog_gone

xdotool windowfocus --sync "$window"
xdotool type --delay 20 "hello from the vault"
xdotool key Return
answer_prompt "the passphrase asked again at Send" "$passphrase"
replied() {
  local id
  id=$("$cli" history list --json | jq '.[0].id // empty')
  [[ -n "$id" ]] && [[ $("$cli" history show "$id" --json | jq -r '.messages[1].status') == complete ]]
}
wait_until "the reply with the vault's key" replied

echo "gui-vault-passphrase-test: 1 passed, 0 failed"

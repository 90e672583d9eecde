#!/usr/bin/env bash
# GUI test: activates a license through Help › License… in the real `parley`
# window (Xvfb + xdotool) against the real `parley-licensing serve`, started
# with the repository's TEST signing key. The window shows the evaluation
# first; typing the key and pressing Enter activates this machine while the
# dialog stays responsive, and the CLI then reports the same license. Once the
# vendor revokes it, sending a message is refused in the window and nothing
# is sent or saved.
# Usage: gui-license-test.sh PARLEY PARLEY_CLI PARLEY_LICENSING SOURCE_DIR
set -euo pipefail
parley=$1 cli=$2 licensing=$3 source_dir=$4
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

"$licensing" init --data "$work/service" --secret-key-file "$source_dir/tests/keys/license-test.secret" >/dev/null
key=$("$licensing" license create --data "$work/service" --seats 2 --edition pro)
coproc SERVE { exec "$licensing" serve --data "$work/service" --listen 127.0.0.1:0; }
pids+=("$SERVE_PID")
read -r -t 20 line <&"${SERVE[0]}" || fail "parley-licensing serve did not start"
url=${line#listening on }

export PARLEY_HOME="$work/home"
"$cli" config set license.server "$url"
# A provider nobody listens for: a chat that got past the license would
# leave a conversation in the history.
"$cli" provider add nowhere --kind openai-compatible --base-url "http://127.0.0.1:9/v1" --model m
printf 'sk-gui-license-test-0123456789' | "$cli" key set nowhere
[[ $("$cli" license status --json | jq -r .state) == trial ]] || fail "a new profile is not in its evaluation"

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

xdotool key --window "$window" --clearmodifiers alt+h
xdotool key l
dialog=$(timeout 30 xdotool search --sync --onlyvisible --name '^License$' | head -n 1)
[[ -n "$dialog" ]] || fail "Help › License… opened no dialog"
xdotool windowfocus --sync "$dialog"
xdotool type --delay 10 "$key"
xdotool key Return

active() { [[ $("$cli" license status --json | jq -r .state) == active ]]; }
wait_until "the license activated through the dialog" active
status=$("$cli" license status --json)
[[ $(jq -r .edition <<<"$status") == pro ]] || fail "the edition is not the license's: $status"
machines=$("$licensing" machine list "$key" --data "$work/service" --json)
[[ $(jq -r '.[0].fingerprint' <<<"$machines") == $(jq -r .fingerprint <<<"$status") ]] \
  || fail "the service seated another fingerprint: $machines"
[[ $(secret-tool lookup provider license:key profile "$PARLEY_HOME") == "$key" ]] \
  || fail "the license key is not in the keyring"
grep -rq -- "$key" "$PARLEY_HOME" && fail "the license key reached a file under the profile"

# Revoked by the vendor and seen by a refresh: the window refuses to chat.
xdotool windowfocus --sync "$dialog"
xdotool key --clearmodifiers alt+c
closed() { ! xdotool search --onlyvisible --name '^License$' >/dev/null; }
wait_until "Close (Alt+C) to close the License dialog" closed
"$licensing" license revoke "$key" --data "$work/service" >/dev/null
"$cli" license refresh >/dev/null 2>&1 && fail "refresh of a revoked license succeeded"
xdotool windowfocus --sync "$window"
xdotool type --delay 10 "hello after revocation"
xdotool key Return
two_windows() { [[ $(xdotool search --onlyvisible --name '^Parley$' | wc -l) -ge 2 ]]; }
wait_until "the refusal shown in the window" two_windows
[[ $("$cli" history list --json | jq length) == 0 ]] || fail "a chat ran although the license is revoked"

echo "gui-license-test: 2 passed, 0 failed"

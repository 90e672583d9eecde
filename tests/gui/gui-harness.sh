# Sourced by the GUI tests: runs the test again inside
# tests/run-with-session.sh (a private D-Bus session with a Secret Service),
# then gives it a work folder removed at exit with every process in `pids`,
# `fail`, `wait_until` (polls a condition; the deadline only bounds a broken
# run), a private Xvfb as DISPLAY, `start_fake_provider` and
# `await_main_window`.
if [[ -z "${PARLEY_GUI_TEST_INNER:-}" ]]; then
  export PARLEY_GUI_TEST_INNER=1
  exec "$(dirname "${BASH_SOURCE[0]}")/../run-with-session.sh" "$0" "$@"
fi
work=$(mktemp -d)
pids=()
cleanup() {
  local status=$?
  # The windows on screen, when the test failed: which dialog was waiting.
  if (( status != 0 )) && [[ -n "${DISPLAY:-}" ]]; then
    kill -0 "${xvfb_pid:-0}" 2>/dev/null || echo "--- Xvfb (display $DISPLAY) is no longer running" >&2
    echo "--- the windows shown:" >&2
    for id in $(xdotool search --onlyvisible --name '.' 2>/dev/null); do
      echo "  $(xdotool getwindowname "$id" 2>/dev/null)" >&2
    done
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # What the app and the X server said, when the test failed.
  if (( status != 0 )); then
    for log in parley xvfb; do
      [[ -s "$work/$log.log" ]] || continue
      echo "--- the last lines of $log's output:" >&2
      tail -n 20 "$work/$log.log" >&2
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# A step that fails outside `fail` (a window search that times out inside a
# command substitution ends the test through `set -e`) still says which.
# Functions do not inherit this trap: theirs say so with `fail`.
trap 'echo "FAIL: $(basename "$0") line $LINENO: $BASH_COMMAND" >&2' ERR
fail() { echo "FAIL: $*" >&2; exit 1; }
wait_until() {
  local what=$1; shift
  for _ in $(seq 1 300); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  fail "timed out waiting for: $what"
}

exec 3<> <(:)
# Without auto-repeat (-r): on a loaded machine a key's release can come more
# than the repeat delay after its press, and the repeated key (a second
# Escape or Return) would answer the next dialog. Without a reset when the
# last client leaves (-noreset): a test that closes the app and starts it
# again would otherwise connect while the server resets, and be refused.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -r -noreset >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
pids+=("$xvfb_pid")
read -r -t 20 display <&3 || fail "Xvfb did not start"
export DISPLAY=":$display"

# The fake provider ($fake, from tests/fakes) on a free loopback port, with
# the given extra arguments; sets `port`.
start_fake_provider() {
  coproc FAKE { exec "$fake" --port 0 "$@"; }
  pids+=("$FAKE_PID")
  read -r -t 20 port <&"${FAKE[0]}" || fail "fake provider did not start"
}

# Waits for the main window of the `parley` just started and focuses it;
# sets `window`.
# A profile "local" for a fresh fake provider, with a test key in the
# keyring: local_provider MODEL [fake provider options...]
local_provider() {
  local model=$1
  shift
  start_fake_provider "$@"
  "$cli" provider add local --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" --model "$model" >/dev/null
  printf 'sk-gui-test-key-0123456789' | "$cli" key set local >/dev/null
}

# Debian's python3 (pyenv's lacks pyatspi and PIL); a11y reads the app's
# accessibility tree with at-spi (tests/gui/transcript-a11y.py).
python=${PARLEY_TEST_PYTHON:-/usr/bin/python3}
a11y() { "$python" "$(dirname "${BASH_SOURCE[0]}")/transcript-a11y.py" "$@"; }

# A GTK file chooser titled TITLE (open already, or opening): KEY selects its
# name field (ctrl+l for a location, ctrl+a in a save dialog), PATH is typed.
# The chooser checks a typed path in the background and ignores Return until
# it has: Return is pressed again until the chooser has taken the file.
choose_file() {
  local title=$1 key=$2 path=$3 chooser
  chooser=$(timeout 30 xdotool search --sync --onlyvisible --name "^$title\$" | head -n 1) || true
  [[ -n "$chooser" ]] || fail "no file chooser titled $title"
  xdotool windowfocus --sync "$chooser"
  xdotool key --clearmodifiers "$key"
  xdotool type --delay 5 "$path"
  taken() {
    xdotool search --onlyvisible --name "^$title\$" >/dev/null || return 0
    xdotool key --window "$chooser" Return
    return 1
  }
  wait_until "the file chooser to take $path" taken
}

# The progress window of a long task ("Importing — 12%"), once it reports
# progress and before it is done: its id in $progress, that title in $seen.
await_progress() {
  local verb=$1
  progress=$(timeout 30 xdotool search --sync --onlyvisible --name "^$verb" | head -n 1) || true
  [[ -n "$progress" ]] || fail "no progress window for $verb"
  under_way() { [[ $(xdotool getwindowname "$progress") =~ ^$verb\ —\ ([0-9]+)%$ ]] && (( BASH_REMATCH[1] >= 1 )); }
  wait_until "the progress window to report progress" under_way
  seen=$(xdotool getwindowname "$progress")
  [[ $seen != "$verb — 100%" ]] || fail "$verb finished before it could be cancelled; make it bigger"
}

# In the first-run welcome pane (its preset list focused): the last preset,
# a custom OpenAI-compatible server at URL with KEY, then Test.
welcome_custom_server() {
  xdotool key --window "$window" End
  xdotool key Tab
  xdotool type --delay 10 "$1"
  xdotool key Tab
  xdotool type --delay 10 "$2"
  xdotool key --clearmodifiers alt+t
}

# Whether the history holds one conversation whose first reply is complete
# (for wait_until); that conversation's JSON is then in $work/show.json.
first_reply_complete() {
  local json id
  json=$("$cli" history list --json) || return 1
  [[ $(jq 'length' <<<"$json") == 1 ]] || return 1
  id=$(jq '.[0].id' <<<"$json")
  "$cli" history show "$id" --json >"$work/show.json" || return 1
  [[ $(jq -r '.messages[1].status' "$work/show.json") == complete ]]
}

await_main_window() {
  window=$(timeout 30 xdotool search --sync --onlyvisible --name '^Parley$' | head -n 1) || true
  [[ -n "$window" ]] || fail "no window titled Parley"
  xdotool windowfocus --sync "$window"
}

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
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
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
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
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
await_main_window() {
  window=$(timeout 30 xdotool search --sync --onlyvisible --name '^Parley$' | head -n 1)
  [[ -n "$window" ]] || fail "no window titled Parley"
  xdotool windowfocus --sync "$window"
}

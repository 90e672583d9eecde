#!/usr/bin/env bash
# Start-up cost of licensing: `parley-cli history list` and `parley-cli chat`
# on a profile whose license answer is two days old (so a re-validation is
# due) with the license service blackholed (it accepts connections and never
# answers), against the same commands on a profile with no licensing state
# at all. Neither command may wait for the service: the figures should match.
# Runs inside tests/run-with-session.sh (the license key lives in a keyring).
# With PARLEY (the desktop app) and Xvfb, it also times the window from launch
# to shown for both profiles.
# Usage: license-startup-bench.sh PARLEY_CLI FAKE_PROVIDER PARLEY_LICENSING SOURCE_DIR [RUNS] [PARLEY]
set -euo pipefail
cli=$1 fake=$2 licensing=$3 source_dir=$4 runs=${5:-20} desktop=${6:-}
if [[ -z "${PARLEY_BENCH_INNER:-}" ]]; then
  export PARLEY_BENCH_INNER=1
  exec "$source_dir/tests/run-with-session.sh" "$0" "$@"
fi
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

coproc FAKE { exec "$fake" --port 0; }
pids+=("$FAKE_PID")
read -r port <&"${FAKE[0]}"
# Waits for a background program's first line in FILE.
first_line() {
  for _ in $(seq 1 200); do
    [[ -s $1 ]] && { head -n 1 "$1"; return 0; }
    sleep 0.05
  done
  echo "no output in $1" >&2
  exit 1
}
# Accepts connections (the kernel's backlog does) and never answers.
python3 -c '
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True)
time.sleep(3600)' >"$work/blackhole.port" &
pids+=($!)
blackhole=$(first_line "$work/blackhole.port")

"$licensing" init --data "$work/service" --secret-key-file "$source_dir/tests/keys/license-test.secret" >/dev/null
key=$("$licensing" license create --data "$work/service" --seats 1)
"$licensing" serve --data "$work/service" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
pids+=($!)
line=$(first_line "$work/serve.out")

setup_profile() {
  PARLEY_HOME=$1 "$cli" provider add b --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" --model bench
  PARLEY_HOME=$1 "$cli" chat -p b "hello" >/dev/null
}
export OPENAI_API_KEY=unused
setup_profile "$work/plain" 2>/dev/null
setup_profile "$work/licensed" 2>/dev/null
PARLEY_HOME="$work/licensed" "$cli" config set license.server "${line#listening on }"
printf '%s' "$key" | PARLEY_HOME="$work/licensed" "$cli" license activate >/dev/null 2>&1
PARLEY_HOME="$work/licensed" "$cli" config set license.server "http://127.0.0.1:$blackhole"
rm -rf "$work/plain/state"

# Two days on: the held answer is due for re-validation.
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 FAKETIME=+2d FAKETIME_DONT_FAKE_MONOTONIC=1
median_ms() {
  local home=$1; shift
  local times=()
  for _ in $(seq 1 "$runs"); do
    [[ $home == */plain ]] && rm -rf "$home/state"
    local start end
    start=$(date +%s%N)
    PARLEY_HOME=$home "$cli" "$@" >/dev/null 2>"$work/err" || { echo "failed: $* ($(cat "$work/err"))" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
report() {
  local what=$1 plain licensed
  shift
  plain=$(median_ms "$work/plain" "$@")
  licensed=$(median_ms "$work/licensed" "$@")
  printf '%-14s no licensing state %7.1f ms | re-validation due, service blackholed %7.1f ms | ratio %.2f\n' \
    "$what" "$plain" "$licensed" "$(awk -v a="$licensed" -v b="$plain" 'BEGIN {print a/b}')"
}
report "history list" history list
report "chat" chat -p b hi

if [[ -n $desktop ]] && command -v Xvfb >/dev/null; then
  exec 3<> <(:)
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  pids+=($!)
  read -r -t 20 display <&3
  export DISPLAY=":$display"
  window_ms() {
    local home=$1 times=()
    for _ in $(seq 1 5); do
      [[ $home == */plain ]] && rm -rf "$home/state"
      local start end pid
      start=$(date +%s%N)
      PARLEY_HOME=$home "$desktop" >/dev/null 2>&1 &
      pid=$!
      timeout 30 xdotool search --sync --onlyvisible --name '^Parley$' >/dev/null
      end=$(date +%s%N)
      kill "$pid"; wait "$pid" 2>/dev/null || true
      times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
  }
  plain=$(window_ms "$work/plain")
  licensed=$(window_ms "$work/licensed")
  printf '%-14s no licensing state %7.1f ms | re-validation due, service blackholed %7.1f ms | ratio %.2f\n' \
    "desktop window" "$plain" "$licensed" "$(awk -v a="$licensed" -v b="$plain" 'BEGIN {print a/b}')"
fi
[[ $(PARLEY_HOME="$work/licensed" "$cli" license status --json | jq -r .state) == active ]] \
  || echo "note: the licensed profile is no longer active" >&2
